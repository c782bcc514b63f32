import { type ParseArgsConfig, parseArgs } from 'node:util';

/**
 * A benchmark's command line, read with `node:util`'s `parseArgs`: `--help` prints what it measures and its
 * options with their defaults, and an unknown or malformed option is one line and exit code 2, not a stack.
 */
export function benchArgs<T extends ParseArgsConfig>(about: string, config: T): ReturnType<typeof parseArgs<T>> {
  const args = config.args ?? process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    const lines = Object.entries(config.options ?? {}).map(([name, option]) => {
      const value = option.type === 'string' ? ` <${name}>` : '';
      const fallback = option.default === undefined ? '' : ` (default: ${String(option.default)})`;
      return `  --${name}${value}${fallback}`;
    });
    console.log(`${about}\n\nOptions:\n${lines.join('\n')}\n  --help`);
    process.exit(0);
  }
  try {
    return parseArgs(config);
  } catch (error) {
    console.error(`${(error as Error).message}\nTry --help.`);
    process.exit(2);
  }
}
