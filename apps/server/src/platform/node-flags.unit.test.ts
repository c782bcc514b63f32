import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PRODUCTION_NODE_FLAGS } from './node-flags.js';

const read = (fromRoot: string) => readFileSync(new URL(`../../../../${fromRoot}`, import.meta.url), 'utf8');
const script = (packageJson: string, name: string): string =>
  (JSON.parse(read(packageJson)) as { scripts: Record<string, string> }).scripts[name] ?? '';

/** The flags between `node` and its first non-V8 option, in the order given. */
function nodeFlagsOf(command: string[]): string[] {
  const start = command.indexOf('node');
  if (start < 0) return [];
  const flags: string[] = [];
  for (const word of command.slice(start + 1)) {
    if (!word.startsWith('--') || word === '--import') break;
    flags.push(word);
  }
  return flags;
}

describe('the production node flags', () => {
  it('are the ones every start command spells out', () => {
    const dockerCmd = read('deploy/Dockerfile')
      .split('\n')
      .find((line) => line.startsWith('CMD '));
    expect(dockerCmd, 'deploy/Dockerfile has a CMD').toBeDefined();
    const commands = {
      'npm start': script('package.json', 'start').split('&&').at(-1)!.trim().split(/\s+/),
      'apps/server start': script('apps/server/package.json', 'start').split(/\s+/),
      'deploy/Dockerfile CMD': JSON.parse(dockerCmd!.slice('CMD '.length)) as string[],
    };
    for (const [where, command] of Object.entries(commands)) {
      expect(nodeFlagsOf(command), where).toEqual(PRODUCTION_NODE_FLAGS);
    }
  });
});
