// Reads a V8 .cpuprofile (node --cpu-prof) and reports where the main thread spent its time.
// Used by bench/join.ts; also runnable on its own: node --import tsx bench/cpu-profile.ts FILE.cpuprofile [top]
// Under tsx, --cpu-prof writes one file per thread: CPU.<date>.<time>.<pid>.0.<n>.cpuprofile is the main thread
// (thread 1 is tsx's module loader).
import fs from 'node:fs';
import { table } from './machine.ts';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

function moduleOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  if (url.startsWith('node:')) return 'node core';
  const src = url.indexOf('/src/');
  if (src !== -1) return url.slice(src + 1);
  return url.replace(/^file:\/\//, '');
}

/** A text report of a .cpuprofile: self time by module and by function, inclusive time by function. */
export function analyseProfile(file: string, top = 25): string {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const label = (n: ProfileNode) => {
    const { functionName, url, lineNumber } = n.callFrame;
    const where = url ? `${moduleOf(url, functionName)}:${lineNumber + 1}` : '';
    return `${functionName || '(anonymous)'}${where ? ` ${where}` : ''}`;
  };
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const modules = new Map<string, number>();
  let total = 0;
  let idle = 0;
  profile.samples.forEach((id, i) => {
    const dt = (profile.timeDeltas[i + 1] ?? profile.timeDeltas[i] ?? 0) / 1000; // ms; a delta belongs to the sample before it
    const node = byId.get(id)!;
    if (node.callFrame.functionName === '(idle)') {
      idle += dt;
      return;
    }
    total += dt;
    self.set(label(node), (self.get(label(node)) ?? 0) + dt);
    const mod = moduleOf(node.callFrame.url, node.callFrame.functionName);
    modules.set(mod, (modules.get(mod) ?? 0) + dt);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const l = label(byId.get(cur)!);
      if (seen.has(l)) continue;
      seen.add(l);
      inclusive.set(l, (inclusive.get(l) ?? 0) + dt);
    }
  });
  const rows = (m: Map<string, number>, filter: (k: string) => boolean = () => true) =>
    [...m]
      .filter(([k]) => filter(k))
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, ms]) => [k.length > 110 ? `${k.slice(0, 109)}…` : k, (ms / 1000).toFixed(2), `${((ms / total) * 100).toFixed(1)}%`]);
  const boring = /^\((root|program)\)|^(anonymous)$|^processTicksAndRejections|^runMicrotasks/;
  return [
    `profile ${file}: ${(total / 1000).toFixed(1)} s on the main thread busy, ${(idle / 1000).toFixed(1)} s idle`,
    '',
    'self time by module:',
    table(['module', 's', '% of busy'], rows(modules, () => true).slice(0, 20)),
    'self time by function:',
    table(['function', 's', '% of busy'], rows(self)),
    'inclusive time by function (Plenary code and its direct dependencies; a function counts once per sample):',
    table(
      ['function', 's', '% of busy'],
      rows(inclusive, (k) => !boring.test(k) && !/ node core:/.test(k)),
    ),
  ].join('\n');
}

if (import.meta.filename === process.argv[1]) {
  const file = process.argv[2];
  if (!file) throw new Error('usage: node --import tsx bench/cpu-profile.ts FILE.cpuprofile [top]');
  process.stdout.write(`${analyseProfile(file, Number(process.argv[3]) || 25)}\n`);
}
