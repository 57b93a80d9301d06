import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import type { AnnouncementTable } from '../domains/announcements/announcement.table.ts';
import type { AnnouncementReachTable } from '../domains/announcements/announcement-reach.table.ts';
import type { ApiTokenTable } from '../domains/api/api-token.table.ts';
import type { AuditTable } from '../domains/audit/audit.table.ts';
import type {
  AuthSettingTable,
  PasswordResetRequestTable,
  SignInAttemptTable,
  StaffAccountTable,
  StaffLinkTable,
  StaffRecoveryCodeTable,
  StaffSessionTable,
} from '../domains/auth/auth.table.ts';
import type { BounceTable } from '../domains/bounces/bounce.table.ts';
import type { BounceReviewTable } from '../domains/bounces/bounce-review.table.ts';
import type { FeedbackReportTable } from '../domains/bounces/feedback-report.table.ts';
import type { CapturedMailTable } from '../domains/delivery/captured-mail.table.ts';
import type { DeliveryTable } from '../domains/delivery/delivery.table.ts';
import type {
  DiscussionDeliveryTable,
  DiscussionDigestTable,
  DiscussionMemberTable,
  DiscussionPostTable,
  DiscussionSettingsTable,
  DiscussionThreadTable,
} from '../domains/discussion/discussion.table.ts';
import type {
  EngagementCounterpartOrganisationTable,
  EngagementFileTable,
  EngagementFollowUpTable,
  EngagementLinkTable,
  EngagementMemberStateTable,
  EngagementMemberTable,
  EngagementOrganisationTable,
  EngagementParticipantTable,
  EngagementTable,
  EngagementTopicTable,
  TopicTable,
} from '../domains/engagements/engagement.table.ts';
import type { EngagementCalendarFeedTable, EngagementReminderSentTable } from '../domains/engagements/engagement-calendar.table.ts';
import type { RegisterItemChangeTable, RegisterItemEngagementTable, RegisterItemTable } from '../domains/engagements/register.table.ts';
import type {
  EventAttendanceImportTable,
  EventAttendanceUnmatchedTable,
  EventFollowUpTable,
  EventInvitationTable,
  EventRegistrationTable,
  EventReminderTable,
  EventTable,
} from '../domains/events/event.table.ts';
import type { JoinLimitTable } from '../domains/members/join-limit.table.ts';
import type { JoinMailSendTable, MemberConfirmationTable, MemberEventTable, MemberTable, SourceTable } from '../domains/members/member.table.ts';
import type { MemberImportTable } from '../domains/members/member-import.table.ts';
import type { MemberTallyTable } from '../domains/members/member-tally.table.ts';
import type { BoardRecipientTable } from '../domains/reports/board-recipient.table.ts';
import type { BriefingTable } from '../domains/reports/briefing.table.ts';
import type {
  BriefingDeliveryTable,
  BriefingDocumentTable,
  BriefingScheduleRunTable,
  BriefingScheduleTable,
} from '../domains/reports/briefing-schedule.table.ts';
import type { MemberStatusDayTable } from '../domains/reports/member-status-day.table.ts';
import type { MilestoneResourceTable, ResourceTable, ResourceTopicTable, ResourceVersionTable } from '../domains/resources/resource.table.ts';
import type { MilestoneTable, NetworkLogoTable, NetworkTable } from '../domains/site/site.table.ts';
import type { UpdateRevisionTable, UpdateTable, UpdateVersionTable } from '../domains/site/update.table.ts';
import type { JobTable } from '../jobs/job.table.ts';

/** Every table, as Kysely sees it. Each domain owns its row types in its *.table.ts. */
export interface Database {
  networks: NetworkTable;
  milestones: MilestoneTable;
  network_logos: NetworkLogoTable;
  staff_accounts: StaffAccountTable;
  staff_sessions: StaffSessionTable;
  staff_links: StaffLinkTable;
  sign_in_attempts: SignInAttemptTable;
  staff_recovery_codes: StaffRecoveryCodeTable;
  auth_settings: AuthSettingTable;
  password_reset_requests: PasswordResetRequestTable;
  audit_events: AuditTable;
  jobs: JobTable;
  captured_mail: CapturedMailTable;
  members: MemberTable;
  member_events: MemberEventTable;
  member_confirmations: MemberConfirmationTable;
  join_mail_sends: JoinMailSendTable;
  join_limits: JoinLimitTable;
  sources: SourceTable;
  member_imports: MemberImportTable;
  announcements: AnnouncementTable;
  announcement_reach: AnnouncementReachTable;
  deliveries: DeliveryTable;
  api_tokens: ApiTokenTable;
  bounces: BounceTable;
  bounce_reviews: BounceReviewTable;
  feedback_reports: FeedbackReportTable;
  member_tallies: MemberTallyTable;
  member_status_days: MemberStatusDayTable;
  topics: TopicTable;
  engagements: EngagementTable;
  engagement_member_states: EngagementMemberStateTable;
  engagement_organisations: EngagementOrganisationTable;
  engagement_counterpart_organisations: EngagementCounterpartOrganisationTable;
  engagement_members: EngagementMemberTable;
  engagement_participants: EngagementParticipantTable;
  engagement_topics: EngagementTopicTable;
  engagement_follow_ups: EngagementFollowUpTable;
  engagement_files: EngagementFileTable;
  engagement_links: EngagementLinkTable;
  register_items: RegisterItemTable;
  register_item_changes: RegisterItemChangeTable;
  register_item_engagements: RegisterItemEngagementTable;
  briefings: BriefingTable;
  board_recipients: BoardRecipientTable;
  briefing_schedules: BriefingScheduleTable;
  briefing_schedule_runs: BriefingScheduleRunTable;
  briefing_deliveries: BriefingDeliveryTable;
  briefing_documents: BriefingDocumentTable;
  resources: ResourceTable;
  resource_versions: ResourceVersionTable;
  resource_topics: ResourceTopicTable;
  milestone_resources: MilestoneResourceTable;
  updates: UpdateTable;
  update_versions: UpdateVersionTable;
  update_revisions: UpdateRevisionTable;
  engagement_calendar_feeds: EngagementCalendarFeedTable;
  engagement_reminders_sent: EngagementReminderSentTable;
  discussion_settings: DiscussionSettingsTable;
  discussion_threads: DiscussionThreadTable;
  discussion_posts: DiscussionPostTable;
  discussion_members: DiscussionMemberTable;
  discussion_deliveries: DiscussionDeliveryTable;
  discussion_digests: DiscussionDigestTable;
  events: EventTable;
  event_registrations: EventRegistrationTable;
  event_invitations: EventInvitationTable;
  event_reminders: EventReminderTable;
  event_attendance_imports: EventAttendanceImportTable;
  event_attendance_unmatched: EventAttendanceUnmatchedTable;
  event_follow_ups: EventFollowUpTable;
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
  // Deleted and overwritten content is zeroed on disk, so erased personal data cannot be read from the file.
  database.pragma('secure_delete = ON');
  reusePreparedStatements(database);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
  return { db, dialect: 'sqlite', description: `SQLite ${file}`, close: () => db.destroy() };
}

/**
 * Kysely prepares every query anew, and better-sqlite3 frees a prepared statement only when V8 collects its
 * object: a send of 100,000 messages left ~70 KB of compiled UPDATE per 100 outcomes in malloc until then (tens
 * of MB of the worker's memory, never given back) and compiled each one again. The same SQL text gets the same
 * statement back now, unless that one is still being iterated; the least recently used beyond `limit` are dropped.
 */
function reusePreparedStatements(database: SQLite.Database, limit = 64): void {
  const prepare = database.prepare.bind(database);
  const statements = new Map<string, SQLite.Statement>();
  database.prepare = ((source: string) => {
    const cached = statements.get(source);
    if (cached && !cached.busy) {
      statements.delete(source);
      statements.set(source, cached);
      return cached;
    }
    const statement = prepare(source);
    if (!cached) {
      statements.set(source, statement);
      if (statements.size > limit) statements.delete(statements.keys().next().value!);
    }
    return statement;
  }) as typeof database.prepare;
}

/**
 * After an erasure: SQLite keeps the pages as they were before it in its write-ahead log until a checkpoint,
 * so the log is written back and emptied now (PostgreSQL's dead rows go with autovacuum, outside DATA_DIR).
 */
export async function flushErasedPages(db: Db, dialect: Dialect): Promise<void> {
  if (dialect === 'sqlite') await sql`pragma wal_checkpoint(TRUNCATE)`.execute(db);
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
