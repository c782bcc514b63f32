// Module resolution hook for plain-personal-data-preload.ts: the server's imports of platform/encryption.js
// resolve to the bench's stand-in instead.
const STAND_IN = new URL('./plain-personal-data.ts', import.meta.url).href;

export async function resolve(
  specifier: string,
  context: { parentURL?: string },
  next: (specifier: string, context: unknown) => Promise<unknown>,
): Promise<unknown> {
  if (/platform\/encryption\.js$/.test(specifier) && context.parentURL?.includes('/apps/server/src/')) {
    return next(STAND_IN, context); // through tsx's own resolution, which loads TypeScript
  }
  return next(specifier, context);
}
