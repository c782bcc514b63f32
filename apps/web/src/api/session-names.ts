/**
 * The CSRF cookie and header names of API.md, equal to @swyft/contract's CSRF_COOKIE and CSRF_HEADER (a
 * unit test holds them equal). They are repeated here because importing a value from the contract brings
 * zod and every schema into the first screen's bundle (about 28 KB gzipped) for two strings.
 */
export const CSRF_COOKIE = 'csrf_token';
export const CSRF_HEADER = 'x-csrf-token';
