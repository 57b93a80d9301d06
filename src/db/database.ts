import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import type { AnnouncementTable, ApiTokenTable, BounceTable, DeliveryTable } from '../domains/announcements/announcement.table.ts';
import type { AuditTable } from '../domains/audit/audit.table.ts';
import type { SignInAttemptTable, StaffAccountTable, StaffLinkTable, StaffSessionTable } from '../domains/auth/auth.table.ts';
import type { CapturedMailTable } from '../domains/delivery/captured-mail.table.ts';
import type { MemberEventTable, MemberTable, SourceTable } from '../domains/members/member.table.ts';
import type { MemberImportTable } from '../domains/members/member-import.table.ts';
import type { MemberTallyTable } from '../domains/members/member-tally.table.ts';
import type { MilestoneTable, NetworkTable } from '../domains/site/site.table.ts';
import type { JobTable } from '../jobs/job.table.ts';

/** Every table, as Kysely sees it. Each domain owns its row types in its *.table.ts. */
export interface Database {
  networks: NetworkTable;
  milestones: MilestoneTable;
  staff_accounts: StaffAccountTable;
  staff_sessions: StaffSessionTable;
  staff_links: StaffLinkTable;
  sign_in_attempts: SignInAttemptTable;
  audit_events: AuditTable;
  jobs: JobTable;
  captured_mail: CapturedMailTable;
  members: MemberTable;
  member_events: MemberEventTable;
  sources: SourceTable;
  member_imports: MemberImportTable;
  announcements: AnnouncementTable;
  deliveries: DeliveryTable;
  api_tokens: ApiTokenTable;
  bounces: BounceTable;
  member_tallies: MemberTallyTable;
}

export type Db = Kysely<Database>;
export type Dialect = 'sqlite' | 'postgres';

export interface DatabaseHandle {
  db: Db;
  dialect: Dialect;
  /** Where the data lives, without credentials (for log lines). */
  description: string;
  close(): Promise<void>;
}

/** Raised when the database cannot be reached or opened; the CLI exits 1 with its message. */
export class DatabaseUnavailableError extends Error {
  override name = 'DatabaseUnavailableError';
}

/** Opens PostgreSQL for a postgres:// URL, otherwise an SQLite file `plenary.sqlite` in dataDir (or `:memory:`). */
export async function createDb(options: { url?: string; dataDir?: string; sqliteFile?: string }): Promise<DatabaseHandle> {
  if (options.url) return openPostgres(options.url);
  const file = options.sqliteFile ?? path.join(options.dataDir ?? './data', 'plenary.sqlite');
  return openSqlite(file);
}

function openSqlite(file: string): DatabaseHandle {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  let database: SQLite.Database;
  try {
    database = new SQLite(file);
  } catch (error) {
    throw new DatabaseUnavailableError(`cannot open SQLite database ${file}: ${(error as Error).message}`);
  }
  // WAL lets readers run while the worker writes; busy_timeout waits for another process's write instead of failing.
  database.pragma('journal_mode = WAL');
  database.pragma('busy_timeout = 5000');
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
  return { db, dialect: 'sqlite', description: `SQLite ${file}`, close: () => db.destroy() };
}

async function openPostgres(url: string): Promise<DatabaseHandle> {
  const pool = new pg.Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 5000 });
  pool.on('error', () => {}); // an idle client's error surfaces on its next query; do not crash the process
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const description = `PostgreSQL ${redactUrl(url)}`;
  try {
    await sql`select 1`.execute(db);
  } catch (error) {
    await db.destroy().catch(() => {});
    throw new DatabaseUnavailableError(`cannot reach ${description}: ${(error as Error).message}`);
  }
  return { db, dialect: 'postgres', description, close: () => db.destroy() };
}

function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://…';
  }
}
