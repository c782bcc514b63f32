/**
 * Where rules read the time (STYLE habit 14): expiry, estimates, retries and lockouts take a clock, so a test
 * moves time instead of sleeping. The node passes `systemClock`.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
