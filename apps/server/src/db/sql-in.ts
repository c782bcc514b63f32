/**
 * `<column> IN ('a', 'b')` for a fixed list of words known when the code is written (statuses from the
 * contract), as literals rather than a parameter: the planner then matches partial indexes whose predicate
 * names the same list, and a plan does not depend on a parameter's value.
 */
export function sqlIn(column: string, values: readonly string[]): string {
  if (values.length === 0) throw new Error('sqlIn needs at least one value');
  return `${column} IN (${values.map((value) => `'${value.replaceAll("'", "''")}'`).join(', ')})`;
}
