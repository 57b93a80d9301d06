import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { parseEmailAddress } from '../address/email-address.ts';
import { mailAlignmentWarnings } from './mail-alignment.ts';

/** Raised when an environment variable is malformed; the CLI prints its one line and exits 2. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    reason: string,
  ) {
    super(`${variable}: ${reason}`);
    this.name = 'ConfigError';
  }
}

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'expected true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const port = z.coerce
  .number({ message: 'expected a port number' })
  .int('expected a port number')
  .min(0, 'expected a port between 0 and 65535')
  .max(65535, 'expected a port between 0 and 65535');

const httpUrl = z
  .url({ message: 'expected an absolute http(s) URL' })
  .refine((u) => /^https?:\/\//.test(u), 'expected an absolute http(s) URL')
  .transform((u) => u.replace(/\/+$/, ''));

const databaseUrl = z.string().refine((u) => /^postgres(ql)?:\/\/.+/.test(u), 'expected a postgres:// URL (leave unset for SQLite)');

/** The environment variables Plenary reads, with their defaults. README.md lists the same table. */
const envSchema = z.object({
  PORT: port.default(3000),
  HOST: z.string().min(1).default('localhost'),
  DATA_DIR: z.string().min(1).default('./data'),
  PUBLIC_URL: httpUrl.optional(),
  DATABASE_URL: databaseUrl.optional(),
  SECRET_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
  PLENARY_DEMO: booleanFlag.optional(),
  NETWORK_NAME: z.string().min(1).max(200).default('Plenary outreach network'),
  WORKER_IN_PROCESS: booleanFlag.default(true),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(1_048_576),
  UPLOAD_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(20 * 1_048_576),
  RESOURCE_FILE_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(50 * 1_048_576),
  JOIN_IP_LIMIT: z.coerce.number().int().min(1).max(1_000_000).default(300),
  JOIN_IP_WINDOW_MINUTES: z.coerce.number().int().min(1).max(1440).default(10),
  JOIN_ADDRESS_LIMIT: z.coerce.number().int().min(1).max(1000).default(3),
  JOIN_ADDRESS_WINDOW_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
  ALLOW_SPECIAL_USE_DOMAINS: booleanFlag.default(false),
  TRUST_PROXY: booleanFlag.default(false),
  SMTP_URL: z
    .string()
    .refine((u) => /^smtps?:\/\/[^/]+/.test(u), 'expected smtp://user:pass@host:port or smtps://…')
    .optional(),
  SMTP_MAX_CONNECTIONS: z.coerce.number().int().min(1).max(100).default(5),
  SMTP_RATE: z.coerce.number().min(0).default(0),
  SMTP_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(600).default(30),
  MAIL_FROM: z.string().min(3).max(400).optional(),
  BOUNCE_DOMAIN: z
    .string()
    .regex(/^[A-Za-z0-9.-]+\.[A-Za-z]{2,}$|^localhost$/, 'expected a domain name such as bounces.example.org')
    .optional(),
  MX_PORT: port.default(2525),
  MX_MAX_CONNECTIONS: z.coerce.number().int().min(1).max(10_000).default(100),
  MX_MAX_CONNECTIONS_PER_CLIENT: z.coerce.number().int().min(1).max(10_000).default(10),
  MX_IDLE_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  MX_MAX_MESSAGE_BYTES: z.coerce
    .number()
    .int()
    .min(10_240)
    .default(2 * 1_048_576),
  DISCUSSION_ADDRESS: z.string().min(3).max(254).optional(),
  DISCUSSION_POLICY: z.enum(['open', 'moderate_new', 'moderated', 'announce_only']).default('moderate_new'),
  DISCUSSION_DEFAULT_DELIVERY: z.enum(['each', 'daily', 'weekly', 'none']).default('each'),
  DKIM_DOMAIN: z.string().min(3).optional(),
  DKIM_SELECTOR: z
    .string()
    .regex(/^[A-Za-z0-9._-]+$/, 'expected a DNS label such as plenary2026')
    .optional(),
  DKIM_PRIVATE_KEY: z.string().min(100, 'expected a PEM private key').optional(),
  DKIM_PRIVATE_KEY_FILE: z.string().min(1).optional(),
  DELIVERY_BATCH_SIZE: z.coerce.number().int().min(1).max(5000).default(200),
  DELIVERY_LEASE_SECONDS: z.coerce.number().int().min(1).default(30),
  DELIVERY_SENDERS: z.coerce.number().int().min(1).max(256).default(8),
  JOB_LEASE_SECONDS: z.coerce.number().int().min(1).default(20),
  BRIEFING_LINK_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  publicUrl: string;
  databaseUrl: string | undefined;
  secretKey: string | undefined;
  demo: boolean | undefined;
  networkName: string;
  workerInProcess: boolean;
  workerConcurrency: number;
  bodyLimitBytes: number;
  trustProxy: boolean;
  /** Largest CSV upload accepted in the admin area. */
  uploadLimitBytes: number;
  /** Largest file a resource of the library may have. */
  resourceFileLimitBytes: number;
  /**
   * The join form's allowances (join-limits.ts), shared by every instance: `limit` joins at once, given back
   * evenly over `windowMs`; per client (IP address, IPv6 /64: a room behind one NAT) and per email address.
   */
  joinLimits: { perClient: { limit: number; windowMs: number }; perAddress: { limit: number; windowMs: number } };
  /** Accept addresses at special-use domains (.test, .invalid, .local…) where no mail can arrive: for test deployments only. */
  allowSpecialUseDomains: boolean;
  logLevel: string;
  /** An SMTP relay; without one, outgoing mail is captured in the database. */
  smtp: { url: string; maxConnections: number; rate: number; timeoutMs: number } | null;
  /** The domain of VERP bounce addresses (bounces+TOKEN@…) and the unsubscribe mailto; `plenary mx` receives its mail. */
  bounceDomain: string;
  mxPort: number;
  /** What `plenary mx` allows: open connections (in all, and per client address), idle time, message size. */
  mxLimits: { maxConnections: number; maxConnectionsPerClient: number; idleTimeoutMs: number; maxMessageBytes: number };
  /**
   * The discussion list: the address `plenary mx` takes posts at (display form), and the defaults of the posting
   * policy and of members' delivery of posts until staff choose otherwise in the admin area.
   */
  discussion: {
    address: string;
    policy: 'open' | 'moderate_new' | 'moderated' | 'announce_only';
    defaultDelivery: 'each' | 'daily' | 'weekly' | 'none';
  };
  /** DKIM signing (rsa-sha256) of every outgoing message, when configured. */
  dkim: { domainName: string; keySelector: string; privateKey: string } | null;
  /** Deliveries a sender leases at once, and how long before a dead sender's lease is taken over. */
  deliveryBatchSize: number;
  deliveryLeaseMs: number;
  /** Sender jobs per announcement; a worker runs at most two of one announcement, so a send spreads over half as many workers. */
  deliverySenders: number;
  /** How long a job stays leased after its worker's last heartbeat (a quarter of it apart) before another worker may take it over. */
  jobLeaseMs: number;
  /** How many days a Board member's signed link to a briefing works. */
  briefingLinkDays: number;
  /** The From header of system email; defaults to no-reply at the public URL's host. */
  mailFrom: string;
  /** Cookies get the Secure flag when the public URL is https. */
  secureCookies: boolean;
}

/** DKIM needs a domain, a selector and a key (inline or in a file); a partial setting is a mistake worth stopping for. */
function dkimConfig(e: z.infer<typeof envSchema>): Config['dkim'] {
  const given = [e.DKIM_DOMAIN, e.DKIM_SELECTOR, e.DKIM_PRIVATE_KEY ?? e.DKIM_PRIVATE_KEY_FILE];
  if (given.every((v) => v === undefined)) return null;
  if (!e.DKIM_DOMAIN) throw new ConfigError('DKIM_DOMAIN', 'required with DKIM_SELECTOR and a private key');
  if (!e.DKIM_SELECTOR) throw new ConfigError('DKIM_SELECTOR', 'required with DKIM_DOMAIN and a private key');
  let privateKey = e.DKIM_PRIVATE_KEY;
  if (!privateKey && e.DKIM_PRIVATE_KEY_FILE) {
    try {
      privateKey = fs.readFileSync(e.DKIM_PRIVATE_KEY_FILE, 'utf8');
    } catch {
      throw new ConfigError('DKIM_PRIVATE_KEY_FILE', `cannot read ${e.DKIM_PRIVATE_KEY_FILE}`);
    }
  }
  if (!privateKey?.includes('PRIVATE KEY'))
    throw new ConfigError(e.DKIM_PRIVATE_KEY ? 'DKIM_PRIVATE_KEY' : 'DKIM_PRIVATE_KEY_FILE', 'expected a PEM private key');
  return { domainName: e.DKIM_DOMAIN, keySelector: e.DKIM_SELECTOR, privateKey: privateKey.replace(/\\n/g, '\n') };
}

/**
 * The list address goes through the address module like every other; it defaults to network@ the bounce domain,
 * kept as it is when that domain is a single label (`localhost` on a development machine), which no address allows.
 */
function discussionConfig(e: z.infer<typeof envSchema>, bounceDomain: string): Config['discussion'] {
  const defaults = { policy: e.DISCUSSION_POLICY, defaultDelivery: e.DISCUSSION_DEFAULT_DELIVERY };
  const given = e.DISCUSSION_ADDRESS;
  const parsed = parseEmailAddress(given ?? `network@${bounceDomain}`, { specialUseDomains: 'allow' });
  if (parsed.ok) return { address: parsed.address.display, ...defaults };
  if (given !== undefined) throw new ConfigError('DISCUSSION_ADDRESS', `not a valid email address (${parsed.code})`);
  return { address: `network@${bounceDomain.toLowerCase()}`, ...defaults };
}

/**
 * What is valid but probably a mistake, one line each, for commands to print at start-up: domains that
 * cannot align for DMARC (see mail-alignment.ts for the rule), and PostgreSQL without a shared SECRET_KEY.
 */
export function configWarnings(config: Config): string[] {
  return [...mailAlignmentWarnings(config), ...secretKeyWarnings(config)];
}

/**
 * On PostgreSQL, instances and workers usually run on several machines: a key generated into each one's
 * DATA_DIR would differ, and what one signs (sessions' CSRF cookies, links in emails) the others refuse.
 */
function secretKeyWarnings(config: Config): string[] {
  if (!config.databaseUrl || config.secretKey) return [];
  return [
    `SECRET_KEY is unset: this process signs with the key kept in ${path.join(config.dataDir, 'secret-key')}; every instance and worker on the same database must sign with one key, so set SECRET_KEY to the same value on each`,
  ];
}

/** Parses the environment; throws ConfigError naming the first malformed variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(String(issue?.path[0] ?? 'environment'), issue?.message ?? 'invalid value');
  }
  const e = parsed.data;
  const publicUrl = e.PUBLIC_URL ?? `http://localhost:${e.PORT}`;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    publicUrl,
    databaseUrl: e.DATABASE_URL,
    secretKey: e.SECRET_KEY,
    demo: e.PLENARY_DEMO,
    networkName: e.NETWORK_NAME,
    workerInProcess: e.WORKER_IN_PROCESS,
    workerConcurrency: e.WORKER_CONCURRENCY,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    trustProxy: e.TRUST_PROXY,
    uploadLimitBytes: e.UPLOAD_LIMIT_BYTES,
    resourceFileLimitBytes: e.RESOURCE_FILE_LIMIT_BYTES,
    joinLimits: {
      perClient: { limit: e.JOIN_IP_LIMIT, windowMs: e.JOIN_IP_WINDOW_MINUTES * 60_000 },
      perAddress: { limit: e.JOIN_ADDRESS_LIMIT, windowMs: e.JOIN_ADDRESS_WINDOW_MINUTES * 60_000 },
    },
    allowSpecialUseDomains: e.ALLOW_SPECIAL_USE_DOMAINS,
    logLevel: e.LOG_LEVEL,
    bounceDomain: e.BOUNCE_DOMAIN ?? new URL(publicUrl).hostname,
    mxPort: e.MX_PORT,
    mxLimits: {
      maxConnections: e.MX_MAX_CONNECTIONS,
      maxConnectionsPerClient: e.MX_MAX_CONNECTIONS_PER_CLIENT,
      idleTimeoutMs: e.MX_IDLE_TIMEOUT_SECONDS * 1000,
      maxMessageBytes: e.MX_MAX_MESSAGE_BYTES,
    },
    discussion: discussionConfig(e, e.BOUNCE_DOMAIN ?? new URL(publicUrl).hostname),
    dkim: dkimConfig(e),
    deliveryBatchSize: e.DELIVERY_BATCH_SIZE,
    deliveryLeaseMs: e.DELIVERY_LEASE_SECONDS * 1000,
    deliverySenders: e.DELIVERY_SENDERS,
    jobLeaseMs: e.JOB_LEASE_SECONDS * 1000,
    briefingLinkDays: e.BRIEFING_LINK_DAYS,
    smtp: e.SMTP_URL ? { url: e.SMTP_URL, maxConnections: e.SMTP_MAX_CONNECTIONS, rate: e.SMTP_RATE, timeoutMs: e.SMTP_TIMEOUT_SECONDS * 1000 } : null,
    mailFrom: e.MAIL_FROM ?? `Plenary <no-reply@${new URL(publicUrl).hostname}>`,
    secureCookies: publicUrl.startsWith('https://'),
  };
}
