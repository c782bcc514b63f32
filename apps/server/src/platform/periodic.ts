/**
 * Runs `task` every `ms`, one run at a time: a tick that finds the last run still going (a slow or absent
 * database) is skipped, not piled on top of it. The task handles its own errors. The timer does not keep the
 * process alive.
 */
export function everyInTurn(ms: number, task: () => Promise<unknown>): { stop(): void } {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    void task().finally(() => {
      running = false;
    });
  }, ms);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
