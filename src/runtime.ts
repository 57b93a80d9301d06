import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { AppDeps } from './app-deps.ts';
import { type Clock, systemClock } from './clock.ts';
import type { Config } from './config/config.ts';
import { createDb, type DatabaseHandle } from './db/database.ts';
import { migrateToLatest } from './db/migrator.ts';
import { announcementSendJob, announcementStartJob } from './domains/announcements/announcement.jobs.ts';
import { passwordResetJob } from './domains/auth/password-reset.service.ts';
import { captureTransport } from './domains/delivery/capture-transport.ts';
import type { MailTransport } from './domains/delivery/mail-transport.ts';
import { sendMailJob } from './domains/delivery/send-mail.job.ts';
import { smtpTransport } from './domains/delivery/smtp-transport.ts';
import { holdExpiryJob } from './domains/discussion/discussion.jobs.ts';
import { digestJob, distributePostJob, sendPostJob } from './domains/discussion/post-distribution.jobs.ts';
import { engagementRemindersJob } from './domains/engagements/engagement-reminders.job.ts';
import { invitationEmailJob, registrationEmailJob } from './domains/events/event-email.job.ts';
import { followUpJob } from './domains/events/event-follow-up.ts';
import { reminderJob } from './domains/events/event-reminders.ts';
import { memberEmailJob } from './domains/members/member-email.job.ts';
import { memberImportJob, memberPreviewJob } from './domains/members/member-upload.service.ts';
import { boardEmailJob, scheduleRunJob, scheduleTickJob } from './domains/reports/briefing-schedule.jobs.ts';
import { JobQueue } from './jobs/job-queue.ts';

/** The secret that signs cookies and links: SECRET_KEY, or one generated once and kept in DATA_DIR. */
export function resolveSecretKey(config: Config): string {
  if (config.secretKey) return config.secretKey;
  const file = path.join(config.dataDir, 'secret-key');
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  fs.mkdirSync(config.dataDir, { recursive: true });
  const key = randomBytes(48).toString('base64url');
  fs.writeFileSync(file, `${key}\n`, { mode: 0o600, flag: 'wx' });
  return key;
}

/** Registers every job this process can run on the queue. */
export function registerJobs(deps: AppDeps): void {
  deps.queue.register(sendMailJob(deps.mail, deps.mailFrom));
  deps.queue.register(memberEmailJob(deps));
  deps.queue.register(passwordResetJob(deps));
  deps.queue.register(memberImportJob(deps));
  deps.queue.register(memberPreviewJob(deps));
  deps.queue.register(announcementStartJob(deps));
  deps.queue.register(announcementSendJob(deps));
  deps.queue.register(engagementRemindersJob(deps));
  deps.queue.register(registrationEmailJob(deps));
  deps.queue.register(invitationEmailJob(deps));
  deps.queue.register(reminderJob(deps));
  deps.queue.register(followUpJob(deps));
  deps.queue.register(holdExpiryJob(deps));
  deps.queue.register(distributePostJob(deps));
  deps.queue.register(sendPostJob(deps));
  deps.queue.register(digestJob(deps));
  deps.queue.register(scheduleTickJob(deps));
  deps.queue.register(scheduleRunJob(deps));
  deps.queue.register(boardEmailJob(deps));
}

/** Assembles AppDeps around an open database (tests pass their own database, clock and transport). */
export function assembleDeps(config: Config, handle: DatabaseHandle, overrides: { clock?: Clock; mail?: MailTransport; secretKey?: string } = {}): AppDeps {
  const clock = overrides.clock ?? systemClock;
  const mail = overrides.mail ?? (config.smtp ? smtpTransport({ ...config.smtp, dkim: config.dkim }) : captureTransport({ db: handle.db, clock }, config.dkim));
  const queue = new JobQueue({ db: handle.db, clock });
  const deps: AppDeps = {
    config,
    db: handle.db,
    dialect: handle.dialect,
    clock,
    mail,
    queue,
    mailFrom: config.mailFrom,
    secretKey: overrides.secretKey ?? resolveSecretKey(config),
  };
  registerJobs(deps);
  return deps;
}

/** Opens the configured database, brings its schema up to date, and assembles the dependencies. */
export async function openRuntime(config: Config): Promise<{ deps: AppDeps; handle: DatabaseHandle; close(): Promise<void> }> {
  const handle = await createDb({ url: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateToLatest(handle.db);
  } catch (error) {
    await handle.close();
    throw error;
  }
  const deps = assembleDeps(config, handle);
  return {
    deps,
    handle,
    close: async () => {
      await deps.mail.close();
      await handle.close();
    },
  };
}
