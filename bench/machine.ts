// Shared by bench/import.ts and bench/join.ts: the machine facts printed at the top of a run, and
// the small statistics both report. Not part of the app; nothing under src/ imports it.
import fs from 'node:fs';
import os from 'node:os';

/** nproc, memory, Node and CPU model, so a recorded figure says what it was measured on. */
export function machineFacts(): Record<string, string> {
  const cpuinfo = fs.existsSync('/proc/cpuinfo') ? fs.readFileSync('/proc/cpuinfo', 'utf8') : '';
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? os.cpus()[0]?.model ?? 'unknown';
  const mhz = /^cpu MHz\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim();
  return {
    nproc: String(os.availableParallelism()),
    'total memory': `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    node: process.version,
    'cpu model': mhz ? `${model} (${mhz} MHz)` : model,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    load: os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' '),
  };
}

/** Prints the machine facts as an aligned block. */
export async function printMachineFacts(title: string): Promise<void> {
  const facts = { ...machineFacts(), 'other CPU use': `${(await backgroundLoad()).toFixed(2)} cores busy over 2 s before start (should be ~0)` };
  const width = Math.max(...Object.keys(facts).map((k) => k.length));
  process.stdout.write(`${title}\n${'='.repeat(title.length)}\n`);
  for (const [k, v] of Object.entries(facts)) process.stdout.write(`${k.padEnd(width)}  ${v}\n`);
  process.stdout.write(`date${' '.repeat(width - 4)}  ${new Date().toISOString()}\n\n`);
}

/** The median of a non-empty list (mean of the middle two for an even count). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Renders rows as a plain-text table with right-aligned numbers. */
export function table(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return `${[line(cells[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n')}\n`;
}

export const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Jiffies from the first line of /proc/stat: busy and total, summed over every core. */
export function cpuSnapshot(): { busy: number; total: number } {
  if (!fs.existsSync('/proc/stat')) return { busy: 0, total: 0 };
  const fields = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((a, b) => a + b, 0);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0); // idle + iowait
  return { busy: total - idle, total };
}

/** Machine-wide CPU use between two snapshots, in cores (2.0 = both cores of a 2-core machine busy). */
export function coresBusy(a: { busy: number; total: number }, b: { busy: number; total: number }): number {
  const total = b.total - a.total;
  return total > 0 ? ((b.busy - a.busy) / total) * os.availableParallelism() : 0;
}

/** Machine-wide CPU use over `ms` while this bench is idle: how much other processes are taking. */
export async function backgroundLoad(ms = 2000): Promise<number> {
  const a = cpuSnapshot();
  await sleep(ms);
  return coresBusy(a, cpuSnapshot());
}

/**
 * Waits (up to `maxMs`) for a second in which other processes use less than `threshold` cores, so a timed
 * run does not start while something else (a test suite, tsc) is running on a small machine. Returns the
 * milliseconds waited; a run that starts after the limit is still made, and its "others" figure shows it.
 */
export async function waitForQuiet(maxMs = 180_000, threshold = 0.25): Promise<number> {
  const start = Date.now();
  while (Date.now() - start < maxMs) {
    if ((await backgroundLoad(1000)) < threshold) break;
  }
  return Date.now() - start;
}

/** mulberry32: a seeded random generator, so every benchmark run and machine uses the same data. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
