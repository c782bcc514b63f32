/**
 * Runs `body` and returns the promise rejections that nobody handled meanwhile, or in the `settleMs` after
 * it (a rejection from a closed connection surfaces after its close events). A stopping node must leave
 * none: in a real process each one is a crash.
 */
export async function unhandledRejectionsDuring(body: () => Promise<void>, settleMs = 200): Promise<unknown[]> {
  const unhandled: unknown[] = [];
  const record = (reason: unknown) => unhandled.push(reason);
  process.on('unhandledRejection', record);
  try {
    await body();
    await new Promise((resolve) => setTimeout(resolve, settleMs));
  } finally {
    process.off('unhandledRejection', record);
  }
  return unhandled;
}
