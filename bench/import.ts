// Member import at scale on SQLite and PostgreSQL: the issue's target is 50,000 rows/s, a 100,000-row CSV in 2 s.
// Run: node --import tsx bench/import.ts [rows] [--runs=3] [--db=sqlite,postgres] [--only=cli/subscribed,fn/pending]
//        [--reading=worker|here] [--postgres=URL] [--keep]
//
// Generates a realistic CSV in the OS temp dir (varied valid addresses, ~5% internationalised; names
// in several scripts; ~100 member states; stakeholder groups, languages and sources in the spellings
// spreadsheets use; ~0.5% invalid rows and ~0.5% duplicate rows). Then, `runs` times each:
//   cli/subscribed   `plenary members import FILE --json --status subscribed --basis benchmark`
//                    as a child process (bin/plenary.js), wall time around the spawn: Node and
//                    tsx start-up, migrations check, the import and the exit are all included
//   cli/pending      the same with --status pending (100,000 confirmation jobs queued as well)
//   fn/subscribed    importMembers() called in this process (wall time of the call; RSS and
//   fn/pending       heapUsed sampled every 100 ms), reading in a worker thread as the CLI does (--reading=here: not)
// on each database of --db. Each run gets a fresh database, migrated (createDb + migrateToLatest) and seeded
// (seedDemoNetwork): an SQLite file in the OS temp dir, or a new PostgreSQL database created on the server of
// --postgres (default postgres://postgres@127.0.0.1:5432/test) and dropped after the run.
// Each run's outcome is checked against what the generator knows it wrote (accepted/duplicates/rejected,
// members, history rows, jobs); a mismatch is printed and makes the exit code 1.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { systemClock } from '../src/clock.ts';
import { createDb, type Dialect } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrator.ts';
import { seedDemoNetwork } from '../src/demo/demo-network.ts';
import { cliActor } from '../src/domains/audit/audit.service.ts';
import { type ImportReport, importMembers } from '../src/domains/members/member-import.ts';
import { memberStates } from '../src/domains/members/member-states.data.ts';
import { findCurrentNetwork } from '../src/domains/site/site.repository.ts';
import { coresBusy, cpuSnapshot, median, mib, printMachineFacts, prng, table, waitForQuiet } from './machine.ts';

const repoRoot = path.resolve(import.meta.dirname, '..');
const positional = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const flags = new Map(
  process.argv
    .slice(2)
    .filter((a) => a.startsWith('--'))
    .map((a) => {
      const [k, v] = a.slice(2).split('=');
      return [k!, v ?? 'true'] as const;
    }),
);
const rowCount = Number(positional[0] ?? 100_000);
const runs = Number(flags.get('runs') ?? 3);
const keep = flags.has('keep');
const targetRowsPerSecond = 50_000;
const dialectsToRun = (flags.get('db') ?? 'sqlite,postgres').split(',') as Dialect[];
const postgresUrl = flags.get('postgres') ?? 'postgres://postgres@127.0.0.1:5432/test';
const reading = flags.get('reading') === 'here' ? 'here' : 'worker';
const basis = 'benchmark';

// A full GC between in-process runs, so one run's garbage does not show up in the next one's memory.
v8.setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

// ---------------------------------------------------------------------------------------------
// The CSV.

const random = prng(20251216);
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

// Names by script, with the ASCII form an address would use where one exists.
const latinGiven = ['Anna', 'José', 'Maria', 'François', 'Ngozi', 'Kwame', 'Aroha', 'Søren', 'Zoë', 'Łukasz', 'Tiago', 'Ines', 'Jean-Luc', "O'Brien", 'Mateus'];
const latinFamily = [
  'Schmidt',
  'García',
  'Müller',
  'Okafor',
  'Dubois',
  'Nakamura',
  'Silva',
  'Nguyễn',
  'Kowalski',
  'Mensah',
  'Herrera',
  'van der Berg',
  'Ó Briain',
];
const otherScripts = [
  ['محمد', 'أحمد', 'فاطمة', 'ليلى'].flatMap((g) => ['العلي', 'حسن', 'المنصوري'].map((f) => `${g} ${f}`)), // Arabic
  ['王', '李', '张', '刘'].flatMap((f) => ['伟', '芳', '娜', '静'].map((g) => `${f}${g}`)), // Chinese
  ['Иван', 'Ольга', 'Сергей', 'Наталья'].flatMap((g) => ['Петров', 'Смирнова', 'Кузнецов'].map((f) => `${g} ${f}`)), // Cyrillic
  ['Γιώργος', 'Ελένη'].flatMap((g) => ['Παπαδόπουλος', 'Νικολάου'].map((f) => `${g} ${f}`)), // Greek
  ['अमित', 'प्रिया'].flatMap((g) => ['शर्मा', 'पटेल'].map((f) => `${g} ${f}`)), // Devanagari
  ['さくら 山田', '健 佐藤', '김민준', '이서연', 'ሰላም ተስፋዬ', 'สมชาย ใจดี'], // Japanese, Korean, Ethiopic, Thai
];
const asciiDomains = ['example.org', 'example.com', 'example.net', 'mfa.example.org', 'mission-un.example.net', 'university.example.edu', 'ngo.example.org'];
// ~5% of addresses are internationalised: non-ASCII local part and/or IDN domain (EAI, RFC 6531).
const idnAddresses: ((i: number) => string)[] = [
  (i) => `用户${i}@例子.广告`,
  (i) => `josé.${i}@ejemplo.es`,
  (i) => `пользователь${i}@пример.рф`,
  (i) => `δοκιμή${i}@παράδειγμα.δοκιμή`,
  (i) => `मेल${i}@उदाहरण.भारत`,
  (i) => `ユーザー${i}@例え.テスト`,
  (i) => `user${i}@bücher.example`,
  (i) => `ahmed.${i}@مثال.إختبار`,
];
// About 100 member states, weighted towards the front so a few delegations dominate, as in a real list.
const stateCodes = memberStates.filter((_, i) => i % 2 === 0 || i < 10).map((s) => s.code);
const states = stateCodes.slice(0, 100);
const stateSpellings = (code: string) => (random() < 0.1 ? code.toLowerCase() : code);
const groups = [
  'government',
  'Government',
  'igo',
  'intergovernmental',
  'private sector',
  'Private-Sector',
  'civil_society',
  'Civil society',
  'technical community',
  'academia',
  '',
];
const languages = ['en', 'en', 'en', 'fr', 'fr-CA', 'es', 'es_ES', 'ar', 'ru', 'zh', 'ZH', 'EN-GB', ''];
const sources = ['hlgm-2024', 'igf-2025', 'wsis-forum-2025', 'csd-28', 'webinar-03', 'newsletter', ''];
const orgs = [
  'Ministry of Foreign Affairs',
  'Permanent Mission to the United Nations, Geneva',
  'ITU',
  'Internet Society',
  'University "Alma Mater"',
  'Ministère du Numérique',
  '外交部',
  '',
];
const titles = ['Counsellor', 'First Secretary', 'Ambassador', 'Policy Officer', 'Director, Digital Policy', 'Researcher', ''];
// Each invalid row is wrong in exactly one way; the code is what the import reports.
const invalidKinds: { code: string; make(i: number, row: string[]): void }[] = [
  { code: 'missing_at', make: (i, r) => (r[0] = `no-at-${i}.example.org`) },
  { code: 'multiple_at', make: (i, r) => (r[0] = `a${i}@b@example.org`) },
  { code: 'fullwidth_at', make: (i, r) => (r[0] = `wide${i}＠example.org`) },
  { code: 'local_invalid_char', make: (i, r) => (r[0] = `has space${i}@example.org`) },
  // Not 'ZZ': that is the member-state list's "Other / not listed" now.
  { code: 'invalid_memberState', make: (_, r) => (r[2] = 'Atlantis') },
  { code: 'invalid_stakeholderGroup', make: (_, r) => (r[3] = 'aliens') },
  { code: 'invalid_language', make: (_, r) => (r[6] = 'de') },
  { code: 'invalid_name', make: (_, r) => (r[1] = '') },
];

const csvCell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

interface Expected {
  rows: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  idn: number;
  bytes: number;
}

/** Writes the CSV and returns what an import of it into an empty network must report. */
function writeCsv(file: string, rows: number): Expected {
  const out = fs.openSync(file, 'w');
  const header = 'email,name,memberState,stakeholderGroup,organisation,title,language,source\n';
  let buffer = header;
  const written: string[][] = [];
  const expected: Expected = { rows, accepted: 0, duplicates: 0, rejected: 0, idn: 0, bytes: 0 };
  for (let i = 1; i <= rows; i++) {
    let row: string[];
    const roll = random();
    if (roll < 0.005 && written.length > 0) {
      // A duplicate: the same person again, sometimes with the address in other capitals.
      row = [...pick(written)];
      if (random() < 0.5 && /^[\x20-\x7e]+$/.test(row[0]!)) row[0] = row[0]!.toUpperCase();
      expected.duplicates++;
    } else {
      let name: string;
      let email: string;
      if (random() < 0.05) {
        email = pick(idnAddresses)(i);
        name = pick(pick(otherScripts));
        expected.idn++;
      } else {
        const given = pick(latinGiven);
        const family = pick(latinFamily);
        const scriptName = random() < 0.3 ? pick(pick(otherScripts)) : null;
        name = scriptName ?? `${given} ${family}`;
        const local = `${given}.${family}`
          .normalize('NFD')
          .replace(/[^A-Za-z.-]/g, '')
          .replace(/\.+/g, '.');
        email = `${random() < 0.1 ? local : local.toLowerCase()}.${i}@${pick(asciiDomains)}`;
      }
      row = [
        email,
        name,
        random() < 0.05 ? '' : stateSpellings(states[Math.floor(states.length * random() ** 2)]!),
        pick(groups),
        pick(orgs),
        pick(titles),
        pick(languages),
        pick(sources),
      ];
      if (roll > 0.995) {
        pick(invalidKinds).make(i, row);
        expected.rejected++;
      } else {
        written.push(row);
        expected.accepted++;
      }
    }
    buffer += `${row.map(csvCell).join(',')}\n`;
    if (buffer.length > 1 << 20) {
      expected.bytes += fs.writeSync(out, buffer);
      buffer = '';
    }
  }
  expected.bytes += fs.writeSync(out, buffer);
  fs.closeSync(out);
  return expected;
}

// ---------------------------------------------------------------------------------------------
// Runs.

type Status = 'pending' | 'subscribed';

interface RunResult {
  seconds: number;
  /** User + system CPU seconds of the importing process during the run (all its threads). */
  cpuSeconds: number;
  /** Cores other processes kept busy during the run (PostgreSQL's server among them). */
  others?: number;
  /** The 1-minute load average when the run started. */
  load?: number;
  report: { accepted: number; updated: number; duplicates: number; rejected: number };
  peakRss: number;
  peakHeap?: number;
  baseRss?: number;
  baseHeap?: number;
}

/** A fresh, migrated and seeded database of one dialect: where it is, and how to drop it. */
interface BenchDatabase {
  dialect: Dialect;
  location: { url?: string; dataDir?: string };
  drop(): Promise<void>;
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: postgresUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

let databaseSerial = 0;

async function freshDatabase(dialect: Dialect): Promise<BenchDatabase> {
  let bench: BenchDatabase;
  if (dialect === 'postgres') {
    const name = `plenary_bench_import_${process.pid}_${++databaseSerial}`;
    await adminQuery(`create database ${name}`);
    const url = new URL(postgresUrl);
    url.pathname = `/${name}`;
    bench = { dialect, location: { url: url.toString() }, drop: () => adminQuery(`drop database if exists ${name} with (force)`) };
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plenary-bench-import-'));
    bench = { dialect, location: { dataDir: dir }, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  const handle = await createDb(bench.location);
  await migrateToLatest(handle.db);
  await seedDemoNetwork({ db: handle.db, clock: systemClock });
  await handle.close();
  return bench;
}

const counts = (r: ImportReport) => ({ accepted: r.accepted, updated: r.updated, duplicates: r.duplicates.length, rejected: r.rejected.length });

/** CPU seconds of this process's waited-for children (cutime + cstime in /proc/self/stat). */
function childrenCpuSeconds(): number {
  const fields = fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[13]) + Number(fields[14])) / 100; // USER_HZ
}

/** Times the CLI as a child process; peak RSS is the child's VmHWM, read from /proc every 100 ms. */
async function runCli(file: string, database: BenchDatabase, status: Status): Promise<RunResult> {
  const args = ['members', 'import', file, '--json', '--status', status, ...(status === 'subscribed' ? ['--basis', basis] : [])];
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'silent' };
  delete env.DATABASE_URL;
  delete env.NODE_OPTIONS;
  if (database.location.url) env.DATABASE_URL = database.location.url;
  else env.DATA_DIR = database.location.dataDir;
  const cpu0 = childrenCpuSeconds();
  const start = process.hrtime.bigint();
  // Run as an executable, as `npx plenary …` is, so that the Node.js flags of its first line apply.
  const child = spawn(path.join(repoRoot, 'bin/plenary.js'), args, { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let peakRss = 0;
  const sampler = setInterval(() => {
    try {
      const kb = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1];
      if (kb) peakRss = Math.max(peakRss, Number(kb) * 1024);
    } catch {
      // the child has exited
    }
  }, 100);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  clearInterval(sampler);
  if (code !== 0) throw new Error(`plenary members import exited ${code}: ${stderr.trim()}`);
  return { seconds, cpuSeconds: childrenCpuSeconds() - cpu0, report: counts(JSON.parse(stdout) as ImportReport), peakRss };
}

/** Times importMembers() in this process, sampling memory every 100 ms. */
async function runInProcess(file: string, database: BenchDatabase, status: Status): Promise<RunResult> {
  const handle = await createDb(database.location);
  try {
    const network = await findCurrentNetwork(handle.db);
    if (!network) throw new Error('no network seeded');
    gc();
    const base = process.memoryUsage();
    let peakRss = base.rss;
    let peakHeap = base.heapUsed;
    const sample = () => {
      const m = process.memoryUsage();
      peakRss = Math.max(peakRss, m.rss);
      peakHeap = Math.max(peakHeap, m.heapUsed);
    };
    const sampler = setInterval(sample, 100);
    const cpu0 = process.cpuUsage();
    const start = process.hrtime.bigint();
    const report = await importMembers({ db: handle.db, clock: systemClock }, fs.createReadStream(file, { highWaterMark: 1024 * 1024 }), {
      networkId: network.id,
      dryRun: false,
      status,
      basis: status === 'subscribed' ? basis : undefined,
      actorLabel: cliActor.label,
      actor: cliActor,
      readingThread: reading,
    });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const cpu = process.cpuUsage(cpu0);
    clearInterval(sampler);
    sample();
    return { seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, report: counts(report), peakRss, peakHeap, baseRss: base.rss, baseHeap: base.heapUsed };
  } finally {
    await handle.close();
  }
}

/** What the database holds after a run, to check the import did what it reported. */
async function databaseCounts(database: BenchDatabase): Promise<{ members: number; events: number; jobs: number; audit: number; talliesExact: boolean }> {
  const queries = {
    members: 'select count(*) as n from members',
    events: "select count(*) as n from member_events where kind = 'imported'",
    jobs: 'select count(*) as n from jobs',
    audit: "select count(*) as n from audit_events where action = 'member.import'",
    // Rows where the tallies and a GROUP BY over members disagree (language and member state; 0 when exact).
    tallyErrors: `select count(*) as n from (
      select network_id, status, 'language' as dimension, language as value, count(*) as n from members group by network_id, status, language
      union all
      select network_id, status, 'member_state', coalesce(member_state, ''), count(*) from members group by network_id, status, coalesce(member_state, '')
    ) as g left join member_tallies t using (network_id, status, dimension, value) where t.n is distinct from g.n`,
  };
  let n: (sql: string) => Promise<number>;
  let close: () => Promise<void>;
  if (database.location.url) {
    const client = new pg.Client({ connectionString: database.location.url });
    await client.connect();
    n = async (sql) => Number((await client.query<{ n: string }>(sql)).rows[0]!.n);
    close = () => client.end();
  } else {
    const db = new SQLite(path.join(database.location.dataDir!, 'plenary.sqlite'), { readonly: true });
    n = async (sql) => (db.prepare(sql).get() as { n: number }).n;
    close = async () => {
      db.close();
    };
  }
  try {
    return {
      members: await n(queries.members),
      events: await n(queries.events),
      jobs: await n(queries.jobs),
      audit: await n(queries.audit),
      talliesExact: (await n(queries.tallyErrors)) === 0,
    };
  } finally {
    await close();
  }
}

// ---------------------------------------------------------------------------------------------

await printMachineFacts(`Plenary benchmark: member import (${dialectsToRun.join(', ')})`);

const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'plenary-bench-csv-'));
const csvFile = path.join(workDir, `members-${rowCount}.csv`);
const genStart = performance.now();
const expected = writeCsv(csvFile, rowCount);
process.stdout.write(
  `CSV: ${csvFile}\n  ${rowCount.toLocaleString('en')} data rows, ${(expected.bytes / 1e6).toFixed(1)} MB, generated in ${((performance.now() - genStart) / 1000).toFixed(1)} s\n` +
    `  expected: ${expected.accepted} accepted, ${expected.duplicates} duplicates, ${expected.rejected} rejected; ${expected.idn} internationalised addresses (${((expected.idn / rowCount) * 100).toFixed(1)}%)\n` +
    `  ${states.length} member states, ${groups.length} stakeholder-group spellings, ${languages.length} language spellings, ${sources.length} sources\n` +
    `  in-process runs read in ${reading === 'worker' ? 'a worker thread, as the CLI does for a file this large' : 'the importing thread (--reading=here)'}\n\n`,
);

const tinyFile = path.join(workDir, 'one-row.csv');
fs.writeFileSync(tinyFile, 'email,name\nwarm-up@example.org,Warm Up\n');
const paths: { label: string; status: Status; mode: 'cli' | 'fn' }[] = [
  { label: 'cli/subscribed', status: 'subscribed', mode: 'cli' },
  { label: 'fn/subscribed', status: 'subscribed', mode: 'fn' },
  { label: 'cli/pending', status: 'pending', mode: 'cli' },
  { label: 'fn/pending', status: 'pending', mode: 'fn' },
];
const only = flags.get('only')?.split(',');
let failures = 0;
const rowsOut: (string | number)[][] = [];
const summary: Record<string, unknown>[] = [];
const startupByDialect: Record<string, number> = {};

for (const dialect of dialectsToRun) {
  // Builds the CLI's bundle (bin/bundle.js) if the sources changed, and measures what the CLI costs before it reads the first row.
  const startup: number[] = [];
  for (let i = 0; i < 4; i++) {
    const database = await freshDatabase(dialect);
    const r = await runCli(tinyFile, database, 'subscribed');
    if (i > 0) startup.push(r.seconds);
    await database.drop();
  }
  startupByDialect[dialect] = median(startup);
  process.stdout.write(
    `${dialect}: CLI fixed cost (a 1-row import, the first run not counted): median ${median(startup).toFixed(2)} s of ${startup.map((s) => s.toFixed(2)).join(', ')}\n\n`,
  );

  for (const p of paths.filter((x) => !only || only.includes(x.label))) {
    const label = `${dialect} ${p.label}`;
    const results: RunResult[] = [];
    for (let run = 1; run <= runs; run++) {
      const database = await freshDatabase(dialect);
      const waited = await waitForQuiet();
      const load = os.loadavg()[0]!;
      const cpuBefore = cpuSnapshot();
      const r = p.mode === 'cli' ? await runCli(csvFile, database, p.status) : await runInProcess(csvFile, database, p.status);
      const cores = coresBusy(cpuBefore, cpuSnapshot());
      // CPU the rest of the machine used meanwhile (PostgreSQL's server included); on SQLite, above ~0.2 cores the
      // wall time is inflated by contention.
      const others = Math.max(0, cores - r.cpuSeconds / r.seconds);
      r.others = others;
      r.load = load;
      const db = await databaseCounts(database);
      const want = { accepted: expected.accepted, updated: 0, duplicates: expected.duplicates, rejected: expected.rejected };
      const problems: string[] = [];
      for (const k of Object.keys(want) as (keyof typeof want)[]) if (r.report[k] !== want[k]) problems.push(`${k} ${r.report[k]} (expected ${want[k]})`);
      if (db.members !== expected.accepted) problems.push(`members ${db.members} (expected ${expected.accepted})`);
      if (db.events !== expected.accepted) problems.push(`imported events ${db.events} (expected ${expected.accepted})`);
      if (db.jobs !== (p.status === 'pending' ? expected.accepted : 0)) problems.push(`jobs ${db.jobs}`);
      if (db.audit !== 1) problems.push(`audit entries ${db.audit}`);
      if (!db.talliesExact) problems.push('tallies differ from a GROUP BY over members');
      failures += problems.length ? 1 : 0;
      const memory =
        p.mode === 'cli'
          ? `child peak RSS ${mib(r.peakRss)}`
          : `peak RSS ${mib(r.peakRss)} (+${mib(r.peakRss - r.baseRss!)}), peak heapUsed ${mib(r.peakHeap!)} (+${mib(r.peakHeap! - r.baseHeap!)})`;
      process.stdout.write(
        `${label} run ${run}: ${r.seconds.toFixed(2)} s, ${Math.round(rowCount / r.seconds).toLocaleString('en')} rows/s; load ${load.toFixed(2)}; ` +
          `${p.mode === 'cli' ? 'CLI JSON' : 'report'}: ${JSON.stringify(r.report)}; db: ${db.members} members, ${db.events} history rows, ${db.jobs} jobs, tallies ${db.talliesExact ? 'exact' : 'WRONG'}; ${memory}; CPU ${r.cpuSeconds.toFixed(2)} s in the import process, machine ${cores.toFixed(2)} cores busy, other processes ${others.toFixed(2)} cores${dialect === 'sqlite' && others > 0.2 ? ' (CONTENDED)' : ''}${waited > 1500 ? `, waited ${(waited / 1000).toFixed(0)} s for a quiet machine` : ''}` +
          `${problems.length ? `\n  MISMATCH: ${problems.join('; ')}` : ''}\n`,
      );
      results.push(r);
      if (keep) process.stdout.write(`  kept ${JSON.stringify(database.location)}\n`);
      else await database.drop();
    }
    const secs = results.map((r) => r.seconds);
    const med = median(secs);
    const best = Math.min(...secs);
    const cpuMed = median(results.map((r) => r.cpuSeconds));
    const peakRss = Math.max(...results.map((r) => r.peakRss));
    const peakHeap = p.mode === 'fn' ? Math.max(...results.map((r) => r.peakHeap!)) : undefined;
    rowsOut.push([
      label,
      secs.map((s) => s.toFixed(2)).join(' / '),
      med.toFixed(2),
      best.toFixed(2),
      Math.round(rowCount / med).toLocaleString('en'),
      Math.round(rowCount / best).toLocaleString('en'),
      cpuMed.toFixed(2),
      median(results.map((r) => r.others ?? 0)).toFixed(2),
      results.map((r) => (r.load ?? 0).toFixed(2)).join(' / '),
      mib(peakRss),
      peakHeap === undefined ? '-' : mib(peakHeap),
      rowCount / med >= targetRowsPerSecond ? 'yes' : 'NO',
    ]);
    summary.push({
      path: label,
      seconds: secs,
      median: med,
      best,
      rowsPerSecondMedian: rowCount / med,
      cpuSeconds: results.map((r) => r.cpuSeconds),
      othersCores: results.map((r) => r.others),
      loadAverage: results.map((r) => r.load),
      peakRss,
      peakHeap,
    });
    process.stdout.write('\n');
  }
}

process.stdout.write(`Results: ${rowCount.toLocaleString('en')} rows, ${runs} runs each (target: ≥ ${targetRowsPerSecond.toLocaleString('en')} rows/s)\n`);
process.stdout.write(
  table(
    [
      'path',
      'runs (s)',
      'median s',
      'best s',
      'rows/s (median)',
      'rows/s (best)',
      'CPU s (median)',
      'other cores (median)',
      'load at start',
      'peak RSS',
      'peak heapUsed',
      'target met',
    ],
    rowsOut,
  ),
);
process.stdout.write("cli/* = wall time of `bin/plenary.js members import …` (start-up included; RSS is the child's VmHWM);\n");
process.stdout.write('fn/*  = wall time of importMembers() alone, in this process (RSS/heapUsed sampled every 100 ms, after a full GC).\n');
process.stdout.write(
  'CPU s = user+system CPU of the importing process (all threads); other cores = CPU the rest of the machine used during the run (on PostgreSQL its server is among them).\n',
);
process.stdout.write(`${JSON.stringify({ bench: 'import', rows: rowCount, runs, reading, cliStartupMedian: startupByDialect, results: summary })}\n`);
if (!keep) fs.rmSync(workDir, { recursive: true, force: true });
process.exitCode = failures ? 1 : 0;
