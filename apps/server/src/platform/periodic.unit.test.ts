import { setTimeout as sleep } from 'node:timers/promises';
import { expect, it } from 'vitest';
import { everyInTurn } from './periodic.js';

it('runs the task again and again, never two runs at once, and not after stop', async () => {
  let running = 0;
  let most = 0;
  let runs = 0;
  // Each run outlasts several ticks, as a sweep does while the database is slow.
  const loop = everyInTurn(5, async () => {
    running += 1;
    most = Math.max(most, running);
    await sleep(40);
    runs += 1;
    running -= 1;
  });
  while (runs < 3) await sleep(10);
  loop.stop();
  await sleep(60); // a run in progress ends; none starts
  const after = runs;
  await sleep(60);
  expect(most).toBe(1);
  expect(runs).toBe(after);
});
