import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

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
  JOIN_RATE_LIMIT: z.coerce.number().int().min(1).default(10),
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
  DKIM_DOMAIN: z.string().min(3).optional(),
  DKIM_SELECTOR: z
    .string()
    .regex(/^[A-Za-z0-9._-]+$/, 'expected a DNS label such as plenary2026')
    .optional(),
  DKIM_PRIVATE_KEY: z.string().min(100, 'expected a PEM private key').optional(),
  DKIM_PRIVATE_KEY_FILE: z.string().min(1).optional(),
  DELIVERY_BATCH_SIZE: z.coerce.number().int().min(1).max(5000).default(200),
  DELIVERY_LEASE_SECONDS: z.coerce.number().int().min(1).default(120),
  JOB_LEASE_SECONDS: z.coerce.number().int().min(1).default(300),
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
  /** Join form posts per minute per IP. */
  joinRateLimit: number;
  logLevel: string;
  /** An SMTP relay; without one, outgoing mail is captured in the database. */
  smtp: { url: string; maxConnections: number; rate: number; timeoutMs: number } | null;
  /** The domain of VERP bounce addresses (bounces+TOKEN@…) and the unsubscribe mailto; `plenary mx` receives its mail. */
  bounceDomain: string;
  mxPort: number;
  /** DKIM signing (rsa-sha256) of every outgoing message, when configured. */
  dkim: { domainName: string; keySelector: string; privateKey: string } | null;
  /** Deliveries a sender leases at once, and how long before a dead sender's lease is taken over. */
  deliveryBatchSize: number;
  deliveryLeaseMs: number;
  /** How long a worker holds a job before another worker may take it over (its worker is presumed dead). */
  jobLeaseMs: number;
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
    joinRateLimit: e.JOIN_RATE_LIMIT,
    logLevel: e.LOG_LEVEL,
    bounceDomain: e.BOUNCE_DOMAIN ?? new URL(publicUrl).hostname,
    mxPort: e.MX_PORT,
    dkim: dkimConfig(e),
    deliveryBatchSize: e.DELIVERY_BATCH_SIZE,
    deliveryLeaseMs: e.DELIVERY_LEASE_SECONDS * 1000,
    jobLeaseMs: e.JOB_LEASE_SECONDS * 1000,
    smtp: e.SMTP_URL ? { url: e.SMTP_URL, maxConnections: e.SMTP_MAX_CONNECTIONS, rate: e.SMTP_RATE, timeoutMs: e.SMTP_TIMEOUT_SECONDS * 1000 } : null,
    mailFrom: e.MAIL_FROM ?? `Plenary <no-reply@${new URL(publicUrl).hostname}>`,
    secureCookies: publicUrl.startsWith('https://'),
  };
}
