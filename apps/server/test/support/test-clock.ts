import type { Clock } from '../../src/platform/clock.js';

/** A clock a test moves by hand (STYLE habit 14): rules that read it see the time pass without a sleep. */
export interface TestClock extends Clock {
  advance(ms: number): void;
  set(at: Date): void;
}

export function createTestClock(start = new Date()): TestClock {
  let at = start.getTime();
  return {
    now: () => new Date(at),
    advance(ms) {
      at += ms;
    },
    set(date) {
      at = date.getTime();
    },
  };
}
