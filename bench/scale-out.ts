// Scale-out, proven: Plenary on PostgreSQL as it runs at scale — two `plenary serve` instances behind HAProxy
// and `plenary worker` processes — checked end to end from a fresh clone, with figures.
//
// Run: node --import tsx bench/scale-out.ts [--recipients=50000] [--workers=3] [--runs=1] [--kill-at=0.4]
//      [--connections=8] [--postgres=postgres://postgres@127.0.0.1:5432] [--quiet-wait=60] [--sample-db] [--keep]
// Needs: `npm ci`; a PostgreSQL server where the bench may create and drop a database (the URL above); HAProxy
// (`apt-get install haproxy`; the bench starts its own process with its own configuration on loopback
// ports, never the system service). Exit status 0 only when every check passed.
//
// What a run does, in order (every process is a child started with `bin/plenary.js`, each with its own
// DATA_DIR, so nothing is shared through files — only DATABASE_URL and SECRET_KEY):
//  1. creates a database `plenary_scaleout_<time>`, runs `plenary migrate`, starts two `plenary serve`
//     (WORKER_IN_PROCESS=false, TRUST_PROXY=true, JOIN_IP_LIMIT=4) and HAProxy in front of them (round
//     robin; a request header `x-bench-instance: web1|web2` picks the instance, and every answer says which
//     instance gave it in `x-served-by`), creates two staff accounts with `plenary admin create` and imports
//     N subscribed members with `plenary members import`;
//  2. through the balancer: both instances answer; a sign-in form fetched from one instance is posted to the
//     other (CSRF cookie and the session cross instances); a staff form fetched on one is posted to the other
//     and its result read on the first; a forged CSRF token is refused; sign-in failures on one instance
//     throttle the next attempt on the other; the join form's limit of 4 per IP counts joins on both;
//  3. sends an announcement to the N members through the balancer's admin forms (compose on one instance,
//     confirm on the other) with one worker, then with W workers (repeated --runs times), then once more
//     with W workers and `kill -9` of the busiest one when --kill-at of the messages have arrived. The relay
//     is Postfix's smtp-sink, one per worker on its own port (recipient-sink.ts), and its dumps are counted
//     by recipient: every member must receive exactly one message (the killed run: duplicates no more than
//     the deliveries the killed worker held, which are the ones leased twice, and each a message the killed
//     worker had sent). The clock runs from the confirming POST to the announcement being `sent` (a delivery
//     is marked sent only on the relay's 250). Needs Debian's postfix package for /usr/sbin/smtp-sink.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { generateDkimKey } from '../src/domains/delivery/dkim.ts';
import { backgroundLoad, coresBusy, cpuSnapshot, median, printMachineFacts, sleep, table } from './machine.ts';
import { type RecipientSink, type SinkTally, startRecipientSink } from './recipient-sink.ts';

const flags = new Map(
  process.argv
    .slice(2)
    .filter((a) => a.startsWith('--'))
    .map((a) => {
      const [k, v] = a.slice(2).split('=');
      return [k!, v ?? 'true'] as const;
    }),
);
const recipients = Number(flags.get('recipients') ?? 50_000);
const workerCount = Number(flags.get('workers') ?? 3);
const runs = Number(flags.get('runs') ?? 1);
const killAt = Number(flags.get('kill-at') ?? 0.4);
const connections = Number(flags.get('connections') ?? 8);
const postgresServer = (flags.get('postgres') ?? 'postgres://postgres@127.0.0.1:5432').replace(/\/+$/, '');
const quietWaitMs = Number(flags.get('quiet-wait') ?? 60) * 1000;
const keep = flags.has('keep');
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const joinIpLimit = 4;
// Run as an executable, as `npx plenary …` is, so that the Node.js flags of its first line apply.
const plenaryBin = path.join(repoRoot, 'bin/plenary.js');
const memberDomain = 'members.scale-out.example.org';

// ---------------------------------------------------------------------------------------------
// Checks: every one is printed; any failure makes the exit status 1.

const failures: string[] = [];

function check(name: string, ok: boolean, detail = ''): boolean {
  process.stdout.write(`  ${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? ` — ${detail}` : ''}\n`);
  if (!ok) failures.push(name);
  return ok;
}

// ---------------------------------------------------------------------------------------------
// Processes.

interface Proc {
  name: string;
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

const procs: Proc[] = [];

function forget(proc: Proc): void {
  const at = procs.indexOf(proc);
  if (at >= 0) procs.splice(at, 1);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  // Only what the process needs: nothing from the bench's own environment (a DATABASE_URL, NODE_OPTIONS) leaks in.
  return { PATH: process.env.PATH, HOME: process.env.HOME, LANG: 'C.UTF-8', ...extra };
}

function start(name: string, command: string, args: string[], env: NodeJS.ProcessEnv): Proc {
  const child = spawn(command, args, { cwd: repoRoot, env, stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  const keepTail = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout!.on('data', keepTail);
  child.stderr!.on('data', keepTail);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const proc = { name, child, output: () => output, exited };
  procs.push(proc);
  return proc;
}

/** Runs one `plenary …` command to completion; throws with its output unless it exits 0. */
async function plenary(args: string[], env: NodeJS.ProcessEnv, stdin?: string): Promise<string> {
  const proc = start(`plenary ${args[0]}`, plenaryBin, args, env);
  proc.child.stdin!.end(stdin ?? '');
  const code = await proc.exited;
  forget(proc);
  if (code !== 0) throw new Error(`plenary ${args.join(' ')} exited ${code}:\n${proc.output()}`);
  return proc.output();
}

/** SIGTERM (a worker finishes the jobs in hand), SIGKILL after 60 s. */
async function stop(proc: Proc): Promise<number | null> {
  if (proc.child.exitCode !== null || proc.child.signalCode !== null) return proc.child.exitCode;
  proc.child.kill('SIGTERM');
  const code = await Promise.race([proc.exited, sleep(60_000).then(() => 'timeout' as const)]);
  forget(proc);
  if (code !== 'timeout') return code;
  proc.child.kill('SIGKILL');
  throw new Error(`${proc.name} did not stop within 60 s of SIGTERM`);
}

/** CPU seconds (user + system) a process has used so far; 0 once it is gone. */
function pidCpuSeconds(pid: number | undefined): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in USER_HZ
  } catch {
    return 0;
  }
}

const cpuSeconds = (proc: Proc) => pidCpuSeconds(proc.child.pid);

async function waitFor(what: string, proc: Proc | null, probe: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (proc && proc.child.exitCode !== null) throw new Error(`${proc.name} exited ${proc.child.exitCode} before ${what}:\n${proc.output()}`);
    if (await probe().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${proc ? `:\n${proc.output()}` : ''}`);
    await sleep(100);
  }
}

// ---------------------------------------------------------------------------------------------
// The deployment.

interface Deployment {
  databaseUrl: string;
  env: Record<string, string>;
  balancer: string;
  webs: Proc[];
  db: pg.Pool;
}

function tempDir(label: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `plenary-scale-out-${label}-`));
}

async function createDatabase(): Promise<string> {
  const name = `plenary_scaleout_${Date.now()}`;
  const admin = new pg.Client({ connectionString: `${postgresServer}/postgres` });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  return `${postgresServer}/${name}`;
}

async function dropDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  const admin = new pg.Client({ connectionString: `${postgresServer}/postgres` });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${name} with (force)`);
  } finally {
    await admin.end();
  }
}

/** HAProxy in the foreground (-db) with its own configuration: round robin over the instances, /readyz checks. */
async function startBalancer(port: number, webPorts: number[]): Promise<Proc> {
  const dir = tempDir('haproxy');
  const names = webPorts.map((_, i) => `web${i + 1}`);
  const config = [
    'global',
    '  maxconn 4096',
    'defaults',
    '  mode http',
    '  timeout connect 5s',
    '  timeout client 120s',
    '  timeout server 120s',
    '  option forwardfor',
    'frontend plenary',
    `  bind 127.0.0.1:${port}`,
    '  default_backend web',
    'backend web',
    '  balance roundrobin',
    '  option httpchk GET /readyz',
    '  http-check expect status 200',
    // The bench picks an instance by a header, to post a form to the other instance than the one that served it.
    ...names.map((n) => `  use-server ${n} if { req.hdr(x-bench-instance) -m str ${n} }`),
    '  http-response set-header x-served-by %[srv_name]',
    ...names.map((n, i) => `  server ${n} 127.0.0.1:${webPorts[i]} check inter 2s rise 1 fall 2`),
    '',
  ].join('\n');
  const file = path.join(dir, 'haproxy.cfg');
  fs.writeFileSync(file, config);
  const proc = start('haproxy', 'haproxy', ['-db', '-f', file], childEnv({}));
  for (const name of names) {
    await waitFor(`HAProxy to reach ${name}`, proc, async () => {
      const response = await fetch(`http://127.0.0.1:${port}/readyz`, { headers: { 'x-bench-instance': name } });
      return response.status === 200 && response.headers.get('x-served-by') === name;
    });
  }
  return proc;
}

function csvOfMembers(n: number): string {
  const names = ['Anna Schmidt', 'José García', '王芳', 'محمد حسن', 'Ольга Петрова', 'Françoise Dubois', 'Kwame Mensah', 'Aroha Ngata'];
  const states = ['FR', 'BR', 'KE', 'CN', 'IN', 'EG', 'RU', 'MX', 'NG', 'DE', 'JP', 'CH'];
  const groups = ['government', 'igo', 'private_sector', 'civil_society', 'technical_community', 'academia'];
  const languages = ['en', 'en', 'fr', 'es', 'ar', 'ru', 'zh'];
  const rows = ['email,name,memberState,stakeholderGroup,language'];
  for (let i = 0; i < n; i++) {
    rows.push(
      `member-${i}@${memberDomain},${names[i % names.length]},${states[i % states.length]},${groups[i % groups.length]},${languages[i % languages.length]}`,
    );
  }
  return `${rows.join('\n')}\n`;
}

async function deploy(): Promise<Deployment> {
  const databaseUrl = await createDatabase();
  const [balancerPort, ...webPorts] = await Promise.all([freePort(), freePort(), freePort()]);
  const dkim = generateDkimKey();
  const env = {
    DATABASE_URL: databaseUrl,
    SECRET_KEY: randomBytes(48).toString('base64url'),
    PUBLIC_URL: `http://127.0.0.1:${balancerPort}`,
    TRUST_PROXY: 'true',
    WORKER_IN_PROCESS: 'false',
    MAIL_FROM: 'Scale-out Network <outreach@example.org>',
    BOUNCE_DOMAIN: 'bounces.example.org',
    DKIM_DOMAIN: 'example.org',
    DKIM_SELECTOR: 'plenary2026',
    DKIM_PRIVATE_KEY: dkim.privateKey,
    SMTP_MAX_CONNECTIONS: String(connections),
    JOIN_IP_LIMIT: String(joinIpLimit),
    LOG_LEVEL: 'warn',
  };
  process.stdout.write(`database ${databaseUrl}\n`);
  await plenary(['migrate'], childEnv({ ...env, DATA_DIR: tempDir('migrate') }));
  const webs = webPorts.map((port, i) =>
    start(`web${i + 1}`, plenaryBin, ['serve'], childEnv({ ...env, DATA_DIR: tempDir(`web${i + 1}`), PORT: String(port), HOST: '127.0.0.1' })),
  );
  for (const [i, web] of webs.entries()) {
    await waitFor(`${web.name} to be ready`, web, async () => (await fetch(`http://127.0.0.1:${webPorts[i]}/readyz`)).status === 200);
  }
  await startBalancer(balancerPort!, webPorts);
  const cli = childEnv({ ...env, DATA_DIR: tempDir('cli') });
  await plenary(
    ['admin', 'create', '--email', 'owner@example.org', '--name', 'Scale-out Owner', '--role', 'owner', '--password-stdin'],
    cli,
    `${ownerPassword}\n`,
  );
  await plenary(
    ['admin', 'create', '--email', 'viewer@example.org', '--name', 'Throttled Viewer', '--role', 'viewer', '--password-stdin'],
    cli,
    `${ownerPassword}\n`,
  );
  const csv = path.join(tempDir('csv'), 'members.csv');
  fs.writeFileSync(csv, csvOfMembers(recipients));
  const seedStart = performance.now();
  const report = await plenary(['members', 'import', csv, '--status', 'subscribed', '--basis', 'scale-out benchmark', '--json'], cli);
  const accepted = (JSON.parse(report.slice(report.indexOf('{'))) as { accepted: number }).accepted;
  check(
    `plenary members import seeded ${recipients} subscribed members`,
    accepted === recipients,
    `${accepted} accepted in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`,
  );
  return { databaseUrl, env, balancer: `http://127.0.0.1:${balancerPort}`, webs, db: new pg.Pool({ connectionString: databaseUrl, max: 2 }) };
}

const ownerPassword = `scale-out ${randomBytes(8).toString('hex')}`;

// ---------------------------------------------------------------------------------------------
// A browser: cookies, CSRF tokens, and a chosen instance behind the balancer.

type Instance = 'web1' | 'web2';

interface Answer {
  status: number;
  location: string | null;
  servedBy: string | null;
  retryAfter: string | null;
  html: string;
}

class Browser {
  private readonly cookies = new Map<string, string>();
  constructor(private readonly base: string) {}

  async request(instance: Instance | null, method: 'GET' | 'POST', url: string, form?: Record<string, string>): Promise<Answer> {
    const headers: Record<string, string> = { 'accept-language': 'en' };
    if (instance) headers['x-bench-instance'] = instance;
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (form) headers['content-type'] = 'application/x-www-form-urlencoded';
    const response = await fetch(`${this.base}${url}`, { method, headers, body: form ? new URLSearchParams(form).toString() : undefined, redirect: 'manual' });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const at = pair!.indexOf('=');
      this.cookies.set(pair!.slice(0, at), pair!.slice(at + 1));
    }
    return {
      status: response.status,
      location: response.headers.get('location'),
      servedBy: response.headers.get('x-served-by'),
      retryAfter: response.headers.get('retry-after'),
      html: await response.text(),
    };
  }

  has(cookie: string): boolean {
    return Boolean(this.cookies.get(cookie));
  }
}

function field(html: string, name: string): string {
  const value = new RegExp(`name="${name.replace('.', '\\.')}"[^>]*value="([^"]*)"`).exec(html)?.[1];
  if (value === undefined) throw new Error(`no ${name} field in the page`);
  return value.replace(/&amp;/g, '&').replace(/&quot;/g, '"');
}

const other = (instance: Instance): Instance => (instance === 'web1' ? 'web2' : 'web1');

/** Signs in with a form fetched from `formFrom` and posted to the other instance. */
async function signIn(browser: Browser, formFrom: Instance, email: string, password: string): Promise<Answer> {
  const page = await browser.request(formFrom, 'GET', '/en/admin/login');
  return browser.request(other(formFrom), 'POST', '/en/admin/login', { _csrf: field(page.html, '_csrf'), email, password });
}

// ---------------------------------------------------------------------------------------------
// Sessions, CSRF and limits across the two instances.

async function checkBalancing(d: Deployment): Promise<void> {
  const served = new Set<string>();
  for (let i = 0; i < 10; i++) served.add((await fetch(`${d.balancer}/healthz`)).headers.get('x-served-by') ?? '?');
  check('the balancer spreads requests over both instances (round robin)', served.has('web1') && served.has('web2'), [...served].sort().join(', '));
}

async function checkSessionsAndCsrf(d: Deployment): Promise<Browser> {
  const owner = new Browser(d.balancer);
  const signedIn = await signIn(owner, 'web1', 'owner@example.org', ownerPassword);
  check(
    'sign-in form from web1 posted to web2: signed in',
    signedIn.status === 303 && signedIn.servedBy === 'web2' && owner.has('plenary_session'),
    `${signedIn.status} → ${signedIn.location} (served by ${signedIn.servedBy})`,
  );
  const dashboard = await owner.request('web1', 'GET', '/en/admin');
  check(
    'the session from web2 is valid on web1',
    dashboard.status === 200 && dashboard.html.includes('Scale-out Owner'),
    `GET /en/admin on web1: ${dashboard.status}`,
  );

  const sourcesPage = await owner.request('web2', 'GET', '/en/admin/sources');
  const created = await owner.request('web1', 'POST', '/en/admin/sources', {
    _csrf: field(sourcesPage.html, '_csrf'),
    tag: 'scale-out-check',
    label: 'Posted to web1',
  });
  const listed = await owner.request('web2', 'GET', '/en/admin/sources');
  check(
    'a staff form from web2 posted to web1 is accepted and its result shows on web2',
    created.status === 303 && created.servedBy === 'web1' && listed.html.includes('scale-out-check'),
    `POST ${created.status} on ${created.servedBy}`,
  );
  const forged = await owner.request('web2', 'POST', '/en/admin/sources', { _csrf: 'forged-token', tag: 'scale-out-forged', label: 'Forged' });
  check('a forged CSRF token is refused', forged.status === 403, `POST with a forged token: ${forged.status}`);
  return owner;
}

async function checkSignInThrottle(d: Deployment): Promise<void> {
  const guesser = new Browser(d.balancer);
  const statuses: string[] = [];
  for (const instance of ['web1', 'web2', 'web1'] as const) {
    const failed = await signIn(guesser, other(instance), 'viewer@example.org', 'wrong password');
    statuses.push(`${failed.status}@${failed.servedBy}`);
  }
  const throttled = await signIn(guesser, 'web1', 'viewer@example.org', ownerPassword);
  check(
    'three failed sign-ins split over both instances throttle the fourth attempt on web2',
    statuses.every((s) => s.startsWith('401')) && throttled.status === 429 && throttled.servedBy === 'web2' && Number(throttled.retryAfter) > 0,
    `${statuses.join(', ')}, then the right password: ${throttled.status}@${throttled.servedBy} (Retry-After ${throttled.retryAfter})`,
  );
}

async function checkJoinLimit(d: Deployment): Promise<void> {
  const visitor = new Browser(d.balancer);
  const form = await visitor.request('web1', 'GET', '/en/join');
  const base = {
    _csrf: field(form.html, '_csrf'),
    stamp: field(form.html, 'stamp'),
    website: '',
    consent: 'yes',
    memberState: 'KE',
    stakeholderGroup: 'government',
    language: 'en',
  };
  await sleep(1600); // the form refuses a post faster than a person fills it in
  const answers: string[] = [];
  let refused: Answer | null = null;
  for (let i = 0; i <= joinIpLimit; i++) {
    const instance: Instance = i % 2 === 0 ? 'web2' : 'web1';
    const answer = await visitor.request(instance, 'POST', '/en/join', { ...base, email: `join-${i}@join.scale-out.example.org`, name: `Joiner ${i}` });
    answers.push(`${answer.status}@${answer.servedBy}`);
    if (i === joinIpLimit) refused = answer;
  }
  check(
    `the join limit (${joinIpLimit} per IP) counts joins on both instances`,
    answers.slice(0, joinIpLimit).every((a) => a.startsWith('303')) && refused?.status === 429 && Number(refused.retryAfter) > 0,
    `${answers.join(', ')} (Retry-After ${refused?.retryAfter})`,
  );
}

// ---------------------------------------------------------------------------------------------
// Sends.

const announcement = {
  subject: 'WSIS+20: the Zero Draft is out',
  markdown: 'Dear {{name}},\n\nThe co-facilitators have published the **Zero Draft**: https://example.org/zero-draft\n\nWe brief delegations on **12 March**.',
  variants: {
    fr: ['SMSI+20 : l’avant-projet est publié', 'Chère, cher {{name}},\n\nLes cofacilitateurs ont publié l’**avant-projet** : https://example.org/zero-draft'],
    es: ['CMSI+20: ya está el borrador cero', 'Estimado/a {{name}}:\n\nLos cofacilitadores han publicado el **borrador cero**: https://example.org/zero-draft'],
    ar: ['القمة العالمية +20: صدرت المسودة الأولى', 'عزيزي {{name}}،\n\nنشر الميسّران **المسودة الأولى**: https://example.org/zero-draft'],
    ru: ['ВВУИО+20: опубликован нулевой проект', 'Уважаемый(ая) {{name}}!\n\nОпубликован **нулевой проект**: https://example.org/zero-draft'],
    zh: ['信息社会世界峰会+20：零草案已发布', '尊敬的 {{name}}：\n\n共同协调人发布了**零草案**：https://example.org/zero-draft'],
  },
};

/** Composes an announcement on one instance, saves it on the other; returns its id. `audience`: form fields of a segment. */
async function composeAnnouncement(owner: Browser, label: string, audience: Record<string, string> = {}): Promise<number> {
  const form = await owner.request('web1', 'GET', '/en/admin/announcements/new');
  const body: Record<string, string> = {
    _csrf: field(form.html, '_csrf'),
    subject: `${announcement.subject} (${label})`,
    markdown: announcement.markdown,
    defaultLocale: 'en',
    ...audience,
  };
  for (const [locale, [subject, markdown]] of Object.entries(announcement.variants)) {
    body[`variants.${locale}.subject`] = subject;
    body[`variants.${locale}.markdown`] = markdown;
  }
  const saved = await owner.request('web2', 'POST', '/en/admin/announcements/new', body);
  const id = Number(/\/admin\/announcements\/(\d+)$/.exec(saved.location ?? '')?.[1]);
  if (saved.status !== 303 || !id) throw new Error(`saving the announcement answered ${saved.status}: ${saved.html.slice(0, 500)}`);
  return id;
}

/** The send's confirmation step on web1 and the confirming POST on web2; resolves when the send has begun. */
async function confirmSend(owner: Browser, id: number): Promise<void> {
  const page = await owner.request('web2', 'GET', `/en/admin/announcements/${id}`);
  const step = await owner.request('web1', 'POST', `/en/admin/announcements/${id}/send`, { _csrf: field(page.html, '_csrf') });
  const confirmed = await owner.request('web2', 'POST', `/en/admin/announcements/${id}/send`, {
    _csrf: field(step.html, '_csrf'),
    confirm: field(step.html, 'confirm'),
  });
  if (confirmed.status !== 303) throw new Error(`confirming the send answered ${confirmed.status}: ${confirmed.html.slice(0, 500)}`);
}

function startWorkers(d: Deployment, sink: RecipientSink, count: number): Proc[] {
  return Array.from({ length: count }, (_, i) =>
    start(`worker${i + 1}`, plenaryBin, ['worker'], childEnv({ ...d.env, DATA_DIR: tempDir(`worker${i + 1}`), SMTP_URL: `smtp://127.0.0.1:${sink.ports[i]}` })),
  );
}

async function query<T>(d: Deployment, text: string, values: unknown[] = []): Promise<T[]> {
  return (await d.db.query(text, values)).rows as T[];
}

async function waitForIdleQueue(d: Deployment): Promise<void> {
  await waitFor(
    'the job queue to be empty',
    null,
    async () => (await query<{ n: string }>(d, "select count(*) as n from jobs where status in ('queued', 'running')"))[0]!.n === '0',
    120_000,
  );
}

interface SendResult {
  label: string;
  workers: number;
  seconds: number;
  rate: number;
  perWorker: number[];
  workerCpu: number[];
  cores: number;
  /** CPU seconds of this database's PostgreSQL backends, of the smtp-sinks, and of the web instances and this process. */
  database: number;
  relay: number;
  bench: number;
  background: number;
  loadavg: string;
  duplicates: number;
  missing: number;
  releasedDeliveries: number;
  killed: { worker: string; atMessages: number; inFlightAtKill: number } | null;
}

/** The members' messages in the relay's dumps (the join check's confirmation emails go to other addresses). */
function memberTally(tally: SinkTally): { distinct: number; total: number; duplicated: string[] } {
  let distinct = 0;
  let total = 0;
  const duplicated: string[] = [];
  for (const [address, count] of tally.perRecipient) {
    if (!address.endsWith(`@${memberDomain}`)) continue;
    distinct++;
    total += count;
    if (count > 1) duplicated.push(address);
  }
  return { distinct, total, duplicated };
}

async function timedSend(d: Deployment, owner: Browser, label: string, count: number, kill: boolean): Promise<SendResult> {
  process.stdout.write(`\n${label}: ${count} worker${count > 1 ? 's' : ''}${kill ? `, kill -9 of one at ${Math.round(killAt * 100)} %` : ''}\n`);
  const sink = await startRecipientSink(count);
  openSinks.add(sink);
  try {
    return await sendWith(d, owner, { label, count, kill }, sink);
  } finally {
    openSinks.delete(sink);
    await sink.close();
  }
}

const openSinks = new Set<RecipientSink>();
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

async function sendWith(
  d: Deployment,
  owner: Browser,
  { label, count, kill }: { label: string; count: number; kill: boolean },
  sink: RecipientSink,
): Promise<SendResult> {
  const workers = startWorkers(d, sink, count);
  for (const w of workers) await waitFor(`${w.name} to start`, w, async () => w.output().includes('is running'));
  await waitForIdleQueue(d); // confirmation emails of the join check, an earlier send's leftovers
  await warmUp(d, owner, label);
  sink.mark();
  const id = await composeAnnouncement(owner, label);
  let background = await backgroundLoad(2000);
  for (const until = Date.now() + quietWaitMs; background > 0.3 && Date.now() < until; ) background = await backgroundLoad(2000);
  const loadavg = os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  process.stdout.write(`  other CPU use before the send: ${background.toFixed(2)} cores; load average ${loadavg}\n`);
  const before = sink.messages();
  const arrived = () => sum(sink.messages()) - sum(before);
  const cpuBefore = cpuSnapshot();
  const workerCpuBefore = workers.map(cpuSeconds);
  // Read while the workers live: a killed worker's /proc entry goes with it.
  const workerCpuSeen = [...workerCpuBefore];
  const sampleCpu = () => {
    for (const [i, w] of workers.entries()) workerCpuSeen[i] = Math.max(workerCpuSeen[i]!, cpuSeconds(w));
  };
  const sampler = flags.has('sample-db') ? sampleActivity(d) : null;
  const database = await databaseCpu(d);
  const benchCpuBefore = process.cpuUsage();
  const webCpu = () => sum(d.webs.map(cpuSeconds));
  const webCpuBefore = webCpu();
  const relayCpu = () => sum(sink.pids.map(pidCpuSeconds));
  const relayCpuBefore = relayCpu();
  const started = performance.now();
  await confirmSend(owner, id);
  let killed: SendResult['killed'] = null;
  let firstMessage = Number.NaN;
  const deadline = Date.now() + Math.max(300_000, recipients * 20);
  for (;;) {
    const [row] = await query<{ status: string }>(d, 'select status from announcements where id = $1', [id]);
    if (row?.status === 'sent') break;
    if (Date.now() > deadline) throw new Error(`${label}: not sent after ${(Date.now() - started) / 1000} s (status ${row?.status})`);
    sampleCpu();
    await database.sample();
    if (Number.isNaN(firstMessage) && arrived() > 0) firstMessage = (performance.now() - started) / 1000;
    if (kill && !killed && arrived() >= killAt * recipients) killed = await killBusiest(d, sink, workers, id);
    await sleep(kill && !killed ? 20 : 100);
  }
  const seconds = (performance.now() - started) / 1000;
  const cores = coresBusy(cpuBefore, cpuSnapshot());
  await database.sample();
  const benchCpu = process.cpuUsage(benchCpuBefore);
  const otherCpu = {
    database: database.seconds(),
    relay: relayCpu() - relayCpuBefore,
    bench: (benchCpu.user + benchCpu.system) / 1e6 + webCpu() - webCpuBefore,
  };
  process.stdout.write(`  first message ${firstMessage.toFixed(2)} s after the confirming POST (the fan-out and the senders' start)\n`);
  if (sampler) process.stdout.write(await sampler());
  sampleCpu();
  const workerCpu = workers.map((_, i) => workerCpuSeen[i]! - workerCpuBefore[i]!);
  await sleep(300);
  for (const w of workers) if (w.child.exitCode === null && w.child.signalCode === null) await stop(w);
  const perWorker = sink.messages().map((n, i) => n - before[i]!);
  return verifySend(d, await sink.tally(), { id, label, count, seconds, perWorker, cores, workerCpu, ...otherCpu, background, loadavg, killed });
}

/**
 * CPU used by this database's PostgreSQL backends (the workers' and the web instances' connections), summed
 * from /proc over every backend seen while `sample()` is called (a pool may open connections mid-send).
 */
async function databaseCpu(d: Deployment): Promise<{ sample(): Promise<void>; seconds(): number }> {
  const seen = new Map<number, { first: number; last: number }>();
  let lastSample = 0;
  const sample = async (force = false) => {
    if (!force && Date.now() - lastSample < 1000) return;
    lastSample = Date.now();
    for (const { pid } of await query<{ pid: number }>(d, 'select pid from pg_stat_activity where datname = current_database()')) {
      const cpu = pidCpuSeconds(pid);
      const known = seen.get(pid);
      if (!known) seen.set(pid, { first: cpu, last: cpu });
      else known.last = Math.max(known.last, cpu);
    }
  };
  await sample(true);
  // Backends that appear after the first sample started during the send: all their CPU counts.
  const atStart = new Set(seen.keys());
  return {
    sample: () => sample(),
    seconds: () => [...seen].reduce((sum, [pid, c]) => sum + c.last - (atStart.has(pid) ? c.first : 0), 0),
  };
}

/**
 * Workers run for weeks; a timed send right after their start would also time each process's start (loading,
 * JIT compilation, pools), three times over with three workers. So each timed send follows an untimed one to
 * the members of one member state (1/12 of them), counted apart from the timed send's (RecipientSink.mark).
 */
async function warmUp(d: Deployment, owner: Browser, label: string): Promise<void> {
  const id = await composeAnnouncement(owner, `${label}, warm-up`, { 'audience.memberState': 'CH' });
  await confirmSend(owner, id);
  await waitFor(
    'the warm-up send',
    null,
    async () => (await query<{ status: string }>(d, 'select status from announcements where id = $1', [id]))[0]?.status === 'sent',
    300_000,
  );
}

/**
 * --sample-db: what PostgreSQL's sessions of this database are doing, sampled every 50 ms until the returned
 * function is called, which reports the most frequent statements (a poor man's profile of the database side).
 */
function sampleActivity(d: Deployment): () => Promise<string> {
  const tally = new Map<string, number>();
  let samples = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const rows = await query<{ what: string }>(
        d,
        `select coalesce(wait_event_type || ':' || wait_event, 'cpu') || '  ' || left(regexp_replace(query, '\\s+', ' ', 'g'), 90) as what
         from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and state = 'active'`,
      );
      samples++;
      for (const { what } of rows) tally.set(what, (tally.get(what) ?? 0) + 1);
      await sleep(50);
    }
  })();
  return async () => {
    running = false;
    await loop;
    const top = [...tally].sort((a, b) => b[1] - a[1]).slice(0, 6);
    return `  database sessions busy, ${samples} samples (share of samples, wait event or cpu, statement):\n${top.map(([what, n]) => `    ${((100 * n) / samples).toFixed(0).padStart(3)} %  ${what}`).join('\n')}\n`;
  };
}

/** kill -9 of the worker whose relay port has taken the most messages so far. */
async function killBusiest(d: Deployment, sink: RecipientSink, workers: Proc[], id: number): Promise<NonNullable<SendResult['killed']>> {
  const perPort = sink.messages();
  const index = perPort.indexOf(Math.max(...perPort.slice(0, workers.length)));
  const victim = workers[index]!;
  victim.child.kill('SIGKILL');
  await victim.exited;
  forget(victim);
  const atMessages = sum(sink.messages());
  // Every batch leased at that moment, by any sender: an upper bound of what the killed worker held.
  const [row] = await query<{ n: string }>(d, "select count(*) as n from deliveries where announcement_id = $1 and state = 'sending'", [id]);
  process.stdout.write(
    `  kill -9 ${victim.name} (pid ${victim.child.pid}) after ${atMessages} messages; ${row!.n} deliveries leased at that moment (all workers)\n`,
  );
  return { worker: victim.name, atMessages, inFlightAtKill: Number(row!.n) };
}

async function verifySend(
  d: Deployment,
  dumps: SinkTally,
  r: Omit<SendResult, 'rate' | 'duplicates' | 'missing' | 'releasedDeliveries' | 'workers'> & { id: number; count: number },
): Promise<SendResult> {
  const tally = memberTally(dumps);
  const states = await query<{ state: string; n: string }>(d, 'select state, count(*) as n from deliveries where announcement_id = $1 group by state', [r.id]);
  const [released] = await query<{ n: string }>(d, 'select count(*) as n from deliveries where announcement_id = $1 and attempts > 1', [r.id]);
  const sent = Number(states.find((s) => s.state === 'sent')?.n ?? 0);
  const releasedDeliveries = Number(released!.n);
  const duplicates = tally.total - tally.distinct;
  const missing = recipients - tally.distinct;
  const perWorker = r.perWorker;
  check(`${r.label}: every delivery recorded sent`, sent === recipients, states.map((s) => `${s.state} ${s.n}`).join(', '));
  check(`${r.label}: every member received the announcement`, missing === 0, `${tally.distinct} of ${recipients} members, ${tally.total} messages`);
  if (r.killed) {
    const killedIndex = Number(r.killed.worker.replace('worker', '')) - 1;
    const fromKilled = tally.duplicated.every((a) => dumps.ports.get(a)?.has(killedIndex));
    check(
      `${r.label}: duplicates ≤ the deliveries the killed worker held`,
      duplicates <= releasedDeliveries && releasedDeliveries <= r.killed.inFlightAtKill && fromKilled,
      `${duplicates} duplicates; ${releasedDeliveries} deliveries leased again after the kill (of ${r.killed.inFlightAtKill} leased at the kill); every duplicated member had one copy from ${r.killed.worker}: ${fromKilled}`,
    );
  } else {
    check(`${r.label}: no member received it twice`, duplicates === 0 && releasedDeliveries === 0, `${duplicates} duplicates`);
  }
  if (r.count > 1 && !r.killed)
    check(
      `${r.label}: every worker sent part of it`,
      perWorker.every((n) => n > 0),
      perWorker.join(' / '),
    );
  process.stdout.write(
    `  ${(recipients / r.seconds).toFixed(0)} messages/s, ${r.seconds.toFixed(2)} s; per worker ${perWorker.join(' / ')}; ${r.cores.toFixed(2)} cores busy\n`,
  );
  return { ...r, workers: r.count, rate: recipients / r.seconds, perWorker, duplicates, missing, releasedDeliveries };
}

// ---------------------------------------------------------------------------------------------

async function cleanUp(d: Deployment | null): Promise<void> {
  for (const proc of [...procs].reverse()) await stop(proc).catch(() => proc.child.kill('SIGKILL'));
  await d?.db.end();
  for (const sink of openSinks) await sink.close();
  if (d && !keep) await dropDatabase(d.databaseUrl);
  else if (d) process.stdout.write(`kept database ${d.databaseUrl}\n`);
}

/** Cores the rest of the machine used during a send: all that was busy, less this bench's processes. */
function othersDuring(r: SendResult): number {
  return Math.max(0, r.cores - (sum(r.workerCpu) + r.database + r.relay + r.bench) / r.seconds);
}

function summary(results: SendResult[]): void {
  process.stdout.write('\n');
  process.stdout.write(
    table(
      [
        'send',
        'workers',
        'wall s',
        'messages/s',
        'per worker',
        'worker CPU s',
        'PostgreSQL CPU s',
        'relay CPU s',
        'web+bench CPU s',
        'CPU ms/msg',
        'cores busy',
        'others before',
        'others during',
        'load avg',
        'duplicates',
        'leased twice',
      ],
      results.map((r) => [
        r.label,
        r.workers,
        r.seconds.toFixed(2),
        r.rate.toFixed(0),
        r.perWorker.join(' / '),
        r.workerCpu.map((c) => c.toFixed(1)).join(' / '),
        r.database.toFixed(1),
        r.relay.toFixed(1),
        r.bench.toFixed(1),
        ((1000 * (sum(r.workerCpu) + r.database + r.relay + r.bench)) / recipients).toFixed(2),
        r.cores.toFixed(2),
        r.background.toFixed(2),
        othersDuring(r).toFixed(2),
        r.loadavg,
        r.duplicates,
        r.releasedDeliveries,
      ]),
    ),
  );
  const one = median(results.filter((r) => r.workers === 1).map((r) => r.rate));
  const many = median(results.filter((r) => r.workers === workerCount && !r.killed).map((r) => r.rate));
  const ratio = many / one;
  process.stdout.write(`\n${workerCount} workers / 1 worker: ${many.toFixed(0)} / ${one.toFixed(0)} messages/s = ${ratio.toFixed(2)}×\n`);
  check(`${workerCount} workers are faster than one`, ratio > 1, `${ratio.toFixed(2)}×`);
}

await printMachineFacts('Plenary scale-out benchmark (PostgreSQL, 2 × plenary serve behind HAProxy, plenary worker processes)');
process.stdout.write(`recipients ${recipients}, workers ${workerCount}, SMTP_MAX_CONNECTIONS=${connections}, runs ${runs}, kill -9 at ${killAt}\n\n`);
let deployment: Deployment | null = null;
process.once('SIGINT', () => void cleanUp(deployment).finally(() => process.exit(130)));
try {
  deployment = await deploy();
  process.stdout.write('\nacross the two instances, through HAProxy:\n');
  await checkBalancing(deployment);
  const owner = await checkSessionsAndCsrf(deployment);
  await checkSignInThrottle(deployment);
  await checkJoinLimit(deployment);
  const results: SendResult[] = [];
  for (let run = 1; run <= runs; run++) {
    results.push(await timedSend(deployment, owner, `run ${run}, 1 worker`, 1, false));
    results.push(await timedSend(deployment, owner, `run ${run}, ${workerCount} workers`, workerCount, false));
  }
  results.push(await timedSend(deployment, owner, `kill -9, ${workerCount} workers`, workerCount, true));
  summary(results);
} catch (error) {
  check('the benchmark ran to its end', false, (error as Error).stack ?? String(error));
} finally {
  await cleanUp(deployment);
}
process.stdout.write(failures.length ? `\n${failures.length} check(s) FAILED: ${failures.join('; ')}\n` : '\nall checks passed\n');
process.exitCode = failures.length ? 1 : 0;
