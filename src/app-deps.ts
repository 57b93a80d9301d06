import type { Clock } from './clock.ts';
import type { Config } from './config/config.ts';
import type { Db, Dialect } from './db/database.ts';
import type { MailTransport } from './domains/delivery/mail-transport.ts';
import type { JobQueue } from './jobs/job-queue.ts';

/** Everything with state that the application needs, injected into buildApp and the services. */
export interface AppDeps {
  config: Config;
  db: Db;
  dialect: Dialect;
  clock: Clock;
  mail: MailTransport;
  queue: JobQueue;
  /** Signs cookies and links; from SECRET_KEY or generated once into DATA_DIR. */
  secretKey: string;
  /** The From address of system email. */
  mailFrom: string;
}
