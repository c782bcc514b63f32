// Where a server's CPU went: the top self-time functions of a V8 .cpuprofile, optionally within a window of
// seconds from the profile's start, and their inclusive time. A profile's times are wall-clock samples: on a
// loaded machine a system call that waited for a core (writev) looks costlier than the CPU it used.
//
//   BENCH_SERVER_NODE_FLAGS='--cpu-prof --cpu-prof-dir=/tmp/prof' npm run bench:dispatch -- --one-node
//   node --import tsx bench/profile-top.ts /tmp/prof/CPU.<…>.cpuprofile            a timeline, 2 s per line
//   node --import tsx bench/profile-top.ts /tmp/prof/CPU.<…>.cpuprofile 47 62 40   the top 40 within 47–62 s
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, from, to, top = '30'] = process.argv.slice(2);
if (!file) throw new Error('usage: profile-top.ts <file.cpuprofile> [fromS toS [top]]');
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
const label = (id: number) => {
  const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
  const where = url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*?\/(apps|packages|bench)\//, '$1/');
  return `${functionName || '(anonymous)'} ${where}:${lineNumber + 1}`;
};
const isIdle = (id: number) => byId.get(id)!.callFrame.functionName === '(idle)';

let at = 0;
const samples = profile.samples.map((id, i) => {
  at += profile.timeDeltas[i] ?? 0;
  return { id, s: at / 1e6, us: profile.timeDeltas[i + 1] ?? 0 };
});

if (from === undefined) {
  const busy = new Map<number, number>();
  for (const { id, s, us } of samples)
    if (!isIdle(id)) busy.set(Math.floor(s / 2) * 2, (busy.get(Math.floor(s / 2) * 2) ?? 0) + us);
  for (const [second, us] of busy) console.log(`${String(second).padStart(4)} s  busy ${Math.round(us / 2e4)} %`);
} else {
  const inWindow = samples.filter(({ id, s }) => s >= Number(from) && s < Number(to) && !isIdle(id));
  const total = inWindow.reduce((sum, { us }) => sum + us, 0);
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const { id, us } of inWindow) {
    self.set(label(id), (self.get(label(id)) ?? 0) + us);
    const seen = new Set<string>();
    for (let node: number | undefined = id; node !== undefined; node = parent.get(node)) {
      const name = label(node);
      if (seen.has(name)) continue;
      seen.add(name);
      inclusive.set(name, (inclusive.get(name) ?? 0) + us);
    }
  }
  const print = (title: string, table: Map<string, number>) => {
    console.log(`\n${title} (busy ${Math.round(total / 1e3)} ms in the window)`);
    for (const [name, us] of [...table].sort((a, b) => b[1] - a[1]).slice(0, Number(top)))
      console.log(
        `${((100 * us) / total).toFixed(1).padStart(5)} %  ${String(Math.round(us / 1e3)).padStart(6)} ms  ${name}`,
      );
  };
  print('self time', self);
  print('inclusive time', inclusive);
}
