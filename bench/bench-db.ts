// Shared by the benchmarks that fill a fresh database and time queries on it (bench/engagements.ts,
// bench/reports.ts): the database of either dialect, batched inserts with progress, and median/p95 timing.
// Not part of the app; nothing under src/ imports it.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { createDb, type DatabaseHandle, type Dialect } from '../src/db/database.ts';

/**
 * A fresh, empty database: a SQLite file in a new temp folder, or a new PostgreSQL database on
 * BENCH_POSTGRES_URL (else TEST_POSTGRES_URL). `drop` removes it unless `keep`.
 */
export async function openBenchDatabase(dialect: Dialect, label: string, keep: boolean): Promise<{ handle: DatabaseHandle; drop: () => Promise<void> }> {
  if (dialect === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `plenary-bench-${label}-`));
    const handle = await createDb({ sqliteFile: path.join(dir, 'bench.sqlite') });
    const drop = async () => {
      if (keep) process.stderr.write(`kept ${dir}\n`);
      else fs.rmSync(dir, { recursive: true, force: true });
    };
    return { handle, drop };
  }
  const server = process.env.BENCH_POSTGRES_URL ?? process.env.TEST_POSTGRES_URL;
  if (!server) throw new Error('set BENCH_POSTGRES_URL (or TEST_POSTGRES_URL) for --dialect=postgres');
  const name = `plenary_bench_${randomBytes(4).toString('hex')}`;
  const admin = async (text: string) => {
    const client = new pg.Client({ connectionString: server });
    await client.connect();
    await client.query(text);
    await client.end();
  };
  await admin(`create database ${name}`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  const handle = await createDb({ url: url.toString() });
  return { handle, drop: async () => (keep ? undefined : admin(`drop database if exists ${name} with (force)`)) };
}

/** Inserts rows in statements of `per` rows, reporting progress on a terminal; returns the seconds taken. */
export async function insertAll(label: string, total: number, per: number, write: (from: number, to: number) => Promise<void>): Promise<number> {
  const t0 = performance.now();
  for (let from = 0; from < total; from += per) {
    await write(from, Math.min(from + per, total));
    if (process.stderr.isTTY) process.stderr.write(`\r${label}: ${Math.min(from + per, total).toLocaleString('en')}`);
  }
  if (process.stderr.isTTY) process.stderr.write('\n');
  return (performance.now() - t0) / 1000;
}

/** One timed query: its median and p95 (nearest rank) in ms, and what its last run returned. */
export interface Timing {
  name: string;
  medianMs: number;
  p95Ms: number;
  result: string;
}

const round = (n: number) => Math.round(n * 100) / 100;

/** Runs `run` once to warm up, then `runs` timed times; each run's time goes to stderr as it is known. */
export async function timeRuns(name: string, runs: number, run: () => Promise<string>): Promise<Timing> {
  await run();
  const samples: number[] = [];
  let result = '';
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    result = await run();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  process.stderr.write(`${name}: ${samples.map((ms) => ms.toFixed(0)).join(', ')} ms\n`);
  const median = samples.length % 2 ? samples[(samples.length - 1) / 2]! : (samples[samples.length / 2 - 1]! + samples[samples.length / 2]!) / 2;
  return { name, medianMs: round(median), p95Ms: round(samples[Math.ceil(0.95 * samples.length) - 1]!), result };
}
