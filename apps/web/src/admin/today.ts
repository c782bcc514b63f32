/** The operator's own zone: "today" is their today, not UTC's. */
export const operatorZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** Local midnight `days` after the day of `from` (0: the midnight that began it). */
export function midnight(days: number, from = new Date()): Date {
  return new Date(from.getFullYear(), from.getMonth(), from.getDate() + days);
}

/** Local midnight today: where the operator's "today" starts. */
export function startOfToday(now = new Date()): Date {
  return midnight(0, now);
}
