import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createDb, type DatabaseHandle, type Dialect } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrator.ts';

/** The dialects every database test runs on: SQLite always, PostgreSQL when TEST_POSTGRES_URL is set. */
export const dialects: Dialect[] = process.env.TEST_POSTGRES_URL ? ['sqlite', 'postgres'] : ['sqlite'];

export interface TestDatabase {
  dialect: Dialect;
  /** A URL (PostgreSQL) or file (SQLite) another process or connection can open. */
  location: { url?: string; sqliteFile?: string };
  handle: DatabaseHandle;
  /** Opens a second, independent connection to the same database (another "process"). */
  connectAgain(): Promise<DatabaseHandle>;
  drop(): Promise<void>;
}

async function adminQuery(sqlText: string): Promise<void> {
  const client = new pg.Client({ connectionString: process.env.TEST_POSTGRES_URL });
  await client.connect();
  try {
    await client.query(sqlText);
  } finally {
    await client.end();
  }
}

/** A fresh, migrated database of one dialect: a temp SQLite file, or a new PostgreSQL database. */
export async function createTestDatabase(dialect: Dialect, options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  let location: TestDatabase['location'];
  let cleanup: () => Promise<void>;
  if (dialect === 'postgres') {
    const name = `plenary_test_${randomBytes(6).toString('hex')}`;
    await adminQuery(`create database ${name}`);
    const url = new URL(process.env.TEST_POSTGRES_URL as string);
    url.pathname = `/${name}`;
    location = { url: url.toString() };
    cleanup = () => adminQuery(`drop database if exists ${name} with (force)`);
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plenary-test-'));
    location = { sqliteFile: path.join(dir, 'test.sqlite') };
    cleanup = async () => fs.rmSync(dir, { recursive: true, force: true });
  }
  const handle = await createDb(location);
  if (options.migrate !== false) await migrateToLatest(handle.db);
  const extra: DatabaseHandle[] = [];
  return {
    dialect,
    location,
    handle,
    async connectAgain() {
      const again = await createDb(location);
      extra.push(again);
      return again;
    },
    async drop() {
      for (const h of extra) await h.close().catch(() => {});
      await handle.close().catch(() => {});
      await cleanup();
    },
  };
}
