// The network's picture and the admin member list over 1,000,000 members on SQLite.
// Run: node --import tsx bench/stats-and-list.ts [--members=1000000] [--runs=20] [--analyze] [--backfill] [--keep]
// Builds a fresh SQLite file under the OS temp dir, migrates it (member_tallies triggers included, so they
// fire on every insert), fills it with synthetic members, then times each query: one warm-up run, then
// `runs` timed runs, reporting the median and p95 (nearest rank). A table goes to stdout, then one JSON line.
// The app never runs ANALYZE, so by default neither does this (the planner has no statistics); --analyze
// shows what statistics would change. --backfill fills the members table before migration 0003 (so no
// trigger fires while inserting) and then times that migration's backfill, as an upgrade would run it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import SQLite from 'better-sqlite3';
import { Migrator } from 'kysely';
import { createDb } from '../src/db/database.ts';
import { migrations as allMigrations } from '../src/db/migrations/index.ts';
import { migrateToLatest } from '../src/db/migrator.ts';
import { countMembers, listMembers, listSourceTags, type MemberFilters } from '../src/domains/members/member.repository.ts';
import { stakeholderGroups } from '../src/domains/members/member.table.ts';
import { geographyOf } from '../src/domains/members/member-geography.ts';
import { searchable } from '../src/domains/members/member-record.ts';
import { memberStates } from '../src/domains/members/member-states.data.ts';
import { networkStats } from '../src/domains/members/member-stats.ts';
import { prng } from './machine.ts';

const args = new Map(
  process.argv.slice(2).map((a) => {
    const [key, value] = a.replace(/^--/, '').split('=');
    return [key!, value ?? 'true'] as const;
  }),
);
const memberCount = Number(args.get('members') ?? 1_000_000);
const runs = Number(args.get('runs') ?? 20);
const keep = args.has('keep');
const analyze = args.has('analyze');
const backfill = args.has('backfill');
const now = new Date('2026-03-15T12:00:00Z');

/** A seeded PRNG (mulberry32), so every run builds the same members. */
const random = prng(20260315);

/** Picks from weighted choices. */
function weighted<T>(choices: [T, number][]): () => T {
  const total = choices.reduce((sum, [, w]) => sum + w, 0);
  return () => {
    let r = random() * total;
    for (const [value, w] of choices) {
      r -= w;
      if (r < 0) return value;
    }
    return choices[choices.length - 1]![0];
  };
}

// ~120 member states: every other Member State of each regional group plus a few more, weighted Zipf-like
// so a handful of large delegations dominate as in a real list; 3% give none.
const chosenStates = memberStates.filter((s, i) => s.status === 'member' && (i % 8 < 5 || s.regionalGroup === 'eastern_european')).slice(0, 120);
const pickState = weighted<string | null>([[null, 3 * chosenStates.length], ...chosenStates.map((s, i): [string, number] => [s.code, 100 / (1 + (i % 30))])]);
const geographies = new Map(chosenStates.map((s) => [s.code, geographyOf(s.code)!]));
const pickStatus = weighted<string>([
  ['subscribed', 90],
  ['pending', 3],
  ['unsubscribed', 4],
  ['bounced', 2],
  ['removed', 1],
]);
const pickGroup = weighted<string | null>([
  ['government', 35],
  ['igo', 10],
  ['private_sector', 12],
  ['civil_society', 20],
  ['technical_community', 10],
  ['academia', 8],
  [null, 5],
]);
const pickLanguage = weighted<string>([
  ['en', 45],
  ['fr', 20],
  ['es', 15],
  ['ar', 8],
  ['ru', 6],
  ['zh', 6],
]);
const pickSource = weighted<string | null>([
  [null, 30],
  ['hlgm-2024', 20],
  ['igf-2024', 12],
  ['igf-2025', 12],
  ['wsis-forum-2025', 10],
  ['csw-side-event', 6],
  ['newsletter', 6],
  ['briefing-geneva', 4],
]);
const firstNames = ['Amina', 'Wei', 'Olga', 'Carlos', 'Fatima', 'John', 'Marie', 'Kwame', 'Priya', 'Ahmed', 'Sofia', 'Li', 'Ivan', 'Lucía', 'Nadia', 'Tomás'];
const lastNames = ['Okafor', 'Zhang', 'Petrova', 'García', 'Haddad', 'Smith', 'Dubois', 'Mensah', 'Sharma', 'Weiss', 'Rossi', 'Chen', 'Kowalski', 'Silva'];
const organisations = ['Ministry of Foreign Affairs', 'Permanent Mission to the UN', 'ITU', 'Internet Society', 'University', 'Telecom regulator', ''];
const groupOf = new Set<string>(stakeholderGroups);

const columns = [
  'network_id',
  'email_input',
  'email_display',
  'email_ascii',
  'email_key',
  'name',
  'member_state',
  'un_status',
  'regional_group',
  'm49_region',
  'm49_subregion',
  'stakeholder_group',
  'organisation',
  'job_title',
  'language',
  'source',
  'consent_version',
  'consent_at',
  'consent_method',
  'consent_basis',
  'status',
  'status_at',
  'search_text',
  'created_at',
  'updated_at',
  'erased_at',
];
const monthMs = 30.44 * 24 * 3600 * 1000;
const start = now.getTime() - 24 * monthMs;

/** One synthetic member as a row of values in `columns` order; members join over 24 months in id order. */
function member(networkId: number, i: number): unknown[] {
  const first = firstNames[Math.floor(random() * firstNames.length)]!;
  const last = lastNames[Math.floor(random() * lastNames.length)]!;
  const name = `${first} ${last}`;
  const email = `${first}.${last}.${i}@example.org`
    .normalize('NFKD')
    .replace(/[^\x20-\x7e]/g, '')
    .toLowerCase();
  const state = pickState();
  const geography = state ? geographies.get(state)! : null;
  const group = pickGroup();
  const organisation = organisations[Math.floor(random() * organisations.length)]!;
  const status = pickStatus();
  const at = new Date(start + ((i + random() * 2000) / memberCount) * 24 * monthMs);
  const statusAt = new Date(Math.min(at.getTime() + (status === 'subscribed' ? 60_000 : random() * 90 * 86_400_000), now.getTime())).toISOString();
  return [
    networkId,
    email,
    email,
    null,
    email,
    name,
    state,
    geography?.unStatus ?? null,
    geography?.regionalGroup ?? null,
    geography?.m49Region ?? null,
    geography?.m49Subregion ?? null,
    group && groupOf.has(group) ? group : null,
    organisation,
    '',
    pickLanguage(),
    pickSource(),
    status === 'pending' ? null : 'v1',
    status === 'pending' ? null : statusAt,
    status === 'pending' ? null : 'double_opt_in',
    null,
    status,
    statusAt,
    searchable(name, email, '', organisation),
    at.toISOString(),
    statusAt,
    null,
  ];
}

/** Fills the members table through its own connection: 500-row INSERT statements, 100,000 rows a transaction. */
function fill(file: string, networkId: number): { seconds: number; rowsPerSecond: number; cpuSeconds: number } {
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  const perStatement = 500;
  const placeholders = `(${columns.map(() => '?').join(',')})`;
  const insert = sqlite.prepare(`insert into members (${columns.join(',')}) values ${Array(perStatement).fill(placeholders).join(',')}`);
  const insertOne = sqlite.prepare(`insert into members (${columns.join(',')}) values ${placeholders}`);
  const batch = sqlite.transaction((from: number, to: number) => {
    let i = from;
    for (; i + perStatement <= to; i += perStatement) {
      const values: unknown[] = [];
      for (let j = 0; j < perStatement; j++) values.push(...member(networkId, i + j));
      insert.run(values);
    }
    for (; i < to; i++) insertOne.run(member(networkId, i));
  });
  const t0 = performance.now();
  // CPU time as well as wall time: on a shared machine it tells the cost of triggers and indexes more steadily.
  const cpu0 = process.cpuUsage();
  const perTransaction = 100_000;
  for (let from = 0; from < memberCount; from += perTransaction) {
    batch(from, Math.min(from + perTransaction, memberCount));
    if (process.stderr.isTTY) process.stderr.write(`\rinserted ${Math.min(from + perTransaction, memberCount).toLocaleString('en')} members`);
  }
  if (process.stderr.isTTY) process.stderr.write('\n');
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = round((cpu.user + cpu.system) / 1e6, 1);
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  if (analyze) sqlite.exec('analyze');
  sqlite.close();
  return { seconds: round(seconds, 1), rowsPerSecond: Math.round(memberCount / seconds), cpuSeconds };
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

interface Timing {
  name: string;
  medianMs: number;
  p95Ms: number;
  result: string;
}

/** One warm-up run, then `runs` timed runs: median and p95 (nearest rank). */
async function time(name: string, run: () => Promise<string>): Promise<Timing> {
  await run();
  const samples: number[] = [];
  let result = '';
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    result = await run();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  const median = samples.length % 2 ? samples[(samples.length - 1) / 2]! : (samples[samples.length / 2 - 1]! + samples[samples.length / 2]!) / 2;
  const p95 = samples[Math.ceil(0.95 * samples.length) - 1]!;
  const timing = { name, medianMs: round(median, 2), p95Ms: round(p95, 2), result };
  process.stderr.write(`${name}: ${timing.medianMs} ms median, ${timing.p95Ms} ms p95 (${result})\n`);
  return timing;
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plenary-bench-'));
  const file = path.join(dir, 'bench.sqlite');
  const handle = await createDb({ sqliteFile: file });
  try {
    const migrator = new Migrator({ db: handle.db, provider: { getMigrations: async () => allMigrations } });
    if (backfill) {
      const { error } = await migrator.migrateTo('0002-members');
      if (error) throw error;
    } else await migrateToLatest(handle.db);
    const network = await handle.db
      .insertInto('networks')
      .values({ slug: 'bench', name: '{"en":"Bench"}', purpose: '{}', join_call: '{}', default_locale: 'en', created_at: now.toISOString() })
      .returning('id')
      .executeTakeFirstOrThrow();
    const insert = fill(file, network.id);
    process.stderr.write(
      `inserted ${memberCount.toLocaleString('en')} members in ${insert.seconds} s (${insert.rowsPerSecond.toLocaleString('en')} rows/s, ${insert.cpuSeconds} s of CPU)\n`,
    );
    let backfillSeconds: number | null = null;
    if (backfill) {
      const t0 = performance.now();
      await migrateToLatest(handle.db);
      backfillSeconds = round((performance.now() - t0) / 1000, 1);
      process.stderr.write(`migrated to the latest schema (backfill and indexes) in ${backfillSeconds} s\n`);
    }
    const migrations = (await migrator.getMigrations()).filter((m) => m.executedAt).map((m) => m.name);
    const { db } = handle;
    const maxId = Number(
      (
        await db
          .selectFrom('members')
          .select((eb) => eb.fn.max('id').as('id'))
          .executeTakeFirstOrThrow()
      ).id,
    );
    // "Deep" is near the end of the newest-first list: the oldest 2% of ids.
    const deepBeforeId = Math.max(2, Math.round(maxId * 0.02));
    // How many tally rows the picture reads (the combinations in use), when the tallies exist.
    const tallyRows = migrations.includes('0003-member-tallies')
      ? await db
          .selectFrom('member_tallies')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('n', '>', 0)
          .where('network_id', '=', network.id)
          .where('status', '=', 'subscribed')
          .executeTakeFirstOrThrow()
          .then((r) => Number(r.n))
      : null;
    if (tallyRows !== null) process.stderr.write(`${tallyRows.toLocaleString('en')} tally rows of subscribed members (all dimensions)\n`);

    const timings: Timing[] = [];
    timings.push(
      await time('networkStats', async () => {
        const stats = await networkStats(db, network.id, now);
        return `${stats.members} members, ${stats.memberStates} member states`;
      }),
    );
    const filterSets: [string, MemberFilters][] = [
      ['subscribed+african', { status: 'subscribed', regionalGroup: 'african' }],
      ['fr+government', { language: 'fr', stakeholderGroup: 'government' }],
      ["q='wei'", { q: 'wei' }],
    ];
    // Not asked for, but on the same admin page: the unfiltered count and the source filter's tag list.
    timings.push(
      await time('count all', async () => `${await countMembers(db, network.id, {})}`),
      await time('listSourceTags', async () => `${(await listSourceTags(db, network.id)).length} tags`),
    );
    for (const [label, filters] of filterSets) {
      timings.push(
        await time(`list ${label} first page`, async () => `${(await listMembers(db, network.id, filters, { limit: 51 })).length} rows`),
        await time(`list ${label} deep page`, async () => `${(await listMembers(db, network.id, filters, { limit: 51, beforeId: deepBeforeId })).length} rows`),
        await time(`count ${label}`, async () => `${await countMembers(db, network.id, filters)}`),
      );
    }

    const width = Math.max(...timings.map((t) => t.name.length));
    process.stdout.write(`\n${'query'.padEnd(width)}  median ms    p95 ms  result\n`);
    for (const t of timings) {
      process.stdout.write(`${t.name.padEnd(width)}  ${String(t.medianMs).padStart(9)}  ${String(t.p95Ms).padStart(8)}  ${t.result}\n`);
    }
    const report = {
      benchmark: 'stats-and-list',
      members: memberCount,
      runs,
      analyze,
      migrations,
      machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version },
      insert: { ...insert, rowsPerStatement: 500, rowsPerTransaction: 100_000, triggersFired: !backfill && migrations.includes('0003-member-tallies') },
      backfillSeconds,
      fileMb: Math.round(fs.statSync(file).size / 2 ** 20),
      deepBeforeId,
      tallyRows,
      timings,
    };
    process.stdout.write(`\n${JSON.stringify(report)}\n`);
  } finally {
    await handle.close();
    if (keep) process.stderr.write(`kept ${file}\n`);
    else fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
