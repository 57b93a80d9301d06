// The public join form under load: the issue's target is ≥ 500 POST /join per second with p99 ≤ 100 ms
// on a 2-core machine with SQLite.
// Run: node --import tsx bench/join.ts [--connections=20,10,50] [--duration=20] [--profile | --no-profile] [--keep]
//      [--backlog=N] [--server-node-arg=ARG …] [--server-env=NAME=VALUE …] (experiments; printed with the results)
// --backlog=N starts each server with N pending members and N queued confirmation jobs (as a pending CSV
// import leaves them), so the in-process worker drains that backlog while the join form is under load.
//
// For each connection count, a fresh `node bin/plenary.js serve` (its own DATA_DIR and SQLite file,
// HOST=127.0.0.1, a free PORT, LOG_LEVEL=silent) is started and /readyz awaited. The bench GETs /en/join
// once for the CSRF cookie (plenary_csrf, signed), the form's _csrf token and its signed `stamp`, waits
// until the stamp is older than minimumFillMs, and reuses all three for every request, as a browser
// that resubmits would. autocannon then POSTs the form with a different email per request: a 3 s
// warm-up (its members are counted apart), then `duration` seconds measured. Every request should be
// answered 303 → /en/join/check-email and create one pending member plus one confirmation job.
//
// Two deliberate settings, printed with the results:
// - JOIN_IP_LIMIT=1000000: the per-IP allowance (300 per 10 minutes by default) would otherwise answer 429
//   to a benchmark that sends everything from 127.0.0.1. The limits are still taken in the database on
//   every request (the client's and the address's allowance).
// - WORKER_IN_PROCESS=true (the default deployment): the in-process worker runs the confirmation jobs
//   concurrently, rendering each email into the capture outbox, on the same event loop as the web.
//
// When a run misses the target (or with --profile), one more run at the first connection count is made
// with `node --cpu-prof` on the server, and the profile's top functions (self and inclusive time) and
// modules are printed. The profiled run's own figures are slowed by the profiler and are not the result.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import autocannon, { type Result } from 'autocannon';
import SQLite from 'better-sqlite3';
import { systemClock } from '../src/clock.ts';
import { createDb } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrator.ts';
import { seedDemoNetwork } from '../src/demo/demo-network.ts';
import { minimumFillMs } from '../src/domains/members/join.routes.tsx';
import { importMembers } from '../src/domains/members/member-import.ts';
import { findCurrentNetwork } from '../src/domains/site/site.repository.ts';
import { analyseProfile } from './cpu-profile.ts';
import { coresBusy, cpuSnapshot, median, mib, printMachineFacts, sleep, table, waitForQuiet } from './machine.ts';

const repoRoot = path.resolve(import.meta.dirname, '..');
const argv = process.argv.slice(2).map((a) => {
  const at = a.indexOf('=');
  return at === -1 ? ([a.replace(/^--/, ''), 'true'] as const) : ([a.slice(0, at).replace(/^--/, ''), a.slice(at + 1)] as const);
});
const flags = new Map(argv);
// For experiments: extra node options and environment for the server (repeatable), e.g.
// --server-node-arg=--import=/tmp/preload.mjs --server-env=WORKER_CONCURRENCY=8
const serverNodeArgs = argv.filter(([k]) => k === 'server-node-arg').map(([, v]) => v);
const extraServerEnv = Object.fromEntries(
  argv.filter(([k]) => k === 'server-env').map(([, v]) => [v.slice(0, v.indexOf('=')), v.slice(v.indexOf('=') + 1)] as const),
);
const connectionCounts = (flags.get('connections') ?? '20,10,50').split(',').map(Number);
const duration = Number(flags.get('duration') ?? 20);
const warmupSeconds = 3;
const drainSeconds = 5;
const backlog = Number(flags.get('backlog') ?? 0);
const keep = flags.has('keep');
const target = { rps: 500, p99: 100 };
const serverEnv = { HOST: '127.0.0.1', LOG_LEVEL: 'silent', JOIN_IP_LIMIT: '1000000', WORKER_IN_PROCESS: 'true' };

// ---------------------------------------------------------------------------------------------
// The server.

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

interface Server {
  child: ChildProcess;
  base: string;
  dataDir: string;
  stderr(): string;
  /** User + system CPU seconds the server process has used so far (from /proc). */
  cpuSeconds(): number;
  /** Peak RSS (VmHWM) so far. */
  peakRss(): number;
}

/**
 * Fills a fresh data dir with `count` pending members, each with a queued confirmation job, the way
 * `plenary members import --status pending` leaves it: the worker then starts with that backlog.
 */
async function seedBacklog(dataDir: string, count: number): Promise<void> {
  const handle = await createDb({ dataDir });
  try {
    await migrateToLatest(handle.db);
    await seedDemoNetwork({ db: handle.db, clock: systemClock });
    const network = await findCurrentNetwork(handle.db);
    const rows = Array.from({ length: count }, (_, i) => `backlog-${i}@example.org,Backlog ${i},FR,government,en`);
    const report = await importMembers({ db: handle.db, clock: systemClock }, `email,name,memberState,stakeholderGroup,language\n${rows.join('\n')}\n`, {
      networkId: network!.id,
      dryRun: false,
      status: 'pending',
      actorLabel: 'bench',
    });
    if (report.accepted !== count) throw new Error(`backlog import accepted ${report.accepted} of ${count}`);
  } finally {
    await handle.close();
  }
}

async function startServer(profileDir?: string): Promise<Server> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'plenary-bench-join-'));
  if (backlog > 0) await seedBacklog(dataDir, backlog);
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, ...serverEnv, ...extraServerEnv, DATA_DIR: dataDir, PORT: String(port) };
  delete env.DATABASE_URL;
  delete env.NODE_OPTIONS;
  delete env.PUBLIC_URL;
  delete env.SMTP_URL;
  const nodeArgs = [...serverNodeArgs, ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [])];
  const child = spawn(process.execPath, [...nodeArgs, 'bin/plenary.js', 'serve'], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  child.stdout!.resume();
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`plenary serve exited ${child.exitCode}: ${stderr}`);
    try {
      const response = await fetch(`${base}/readyz`);
      if (response.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`plenary serve not ready after 60 s: ${stderr}`);
    await sleep(100);
  }
  const ticks = 100; // USER_HZ on Linux
  return {
    child,
    base,
    dataDir,
    stderr: () => stderr,
    cpuSeconds: () => {
      const fields = fs.readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return (Number(fields[11]) + Number(fields[12])) / ticks; // utime, stime
    },
    peakRss: () => Number(/VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0) * 1024,
  };
}

/** SIGTERM, then waits for the graceful stop (the worker finishes the jobs in hand). */
async function stopServer(server: Server): Promise<{ code: number | null; seconds: number }> {
  const start = Date.now();
  const exited = new Promise<number | null>((resolve) => server.child.once('exit', (code) => resolve(code)));
  server.child.kill('SIGTERM');
  const code = await Promise.race([exited, sleep(60_000).then(() => 'timeout' as const)]);
  if (code === 'timeout') {
    server.child.kill('SIGKILL');
    throw new Error('plenary serve did not stop within 60 s of SIGTERM');
  }
  return { code, seconds: (Date.now() - start) / 1000 };
}

// ---------------------------------------------------------------------------------------------
// The form.

interface FormSession {
  cookie: string;
  csrf: string;
  stamp: string;
}

async function fetchForm(base: string): Promise<FormSession> {
  const response = await fetch(`${base}/en/join`);
  const html = await response.text();
  if (response.status !== 200) throw new Error(`GET /en/join answered ${response.status}`);
  const setCookie = response.headers.getSetCookie().find((c) => c.startsWith('plenary_csrf='));
  const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  const stamp = /name="stamp" value="([^"]+)"/.exec(html)?.[1];
  if (!setCookie || !csrf || !stamp) throw new Error('GET /en/join gave no plenary_csrf cookie, _csrf token or stamp');
  return { cookie: setCookie.split(';')[0]!, csrf, stamp };
}

const names = ['Anna Schmidt', 'José García', '王芳', 'محمد حسن', 'Ольга Петрова', 'Françoise Dubois', 'Kwame Mensah', 'Ελένη Νικολάου'];
const states = ['FR', 'BR', 'KE', 'CN', 'IN', 'EG', 'RU', 'MX', 'NG', 'DE', 'JP', 'CH'];
const groups = ['government', 'igo', 'private_sector', 'civil_society', 'technical_community', 'academia'];
const languages = ['en', 'fr', 'es', 'ar', 'ru', 'zh'];

function joinBody(session: FormSession, email: string, n: number): string {
  return new URLSearchParams({
    _csrf: session.csrf,
    stamp: session.stamp,
    website: '',
    email,
    name: names[n % names.length]!,
    memberState: states[n % states.length]!,
    stakeholderGroup: groups[n % groups.length]!,
    language: languages[n % languages.length]!,
    consent: 'yes',
  }).toString();
}

interface LoadResult {
  result: Result;
  statuses: Map<number, number>;
  sent: number;
  serverCores: number;
  machineCores: number;
  benchCores: number;
}

/** Runs autocannon against POST /en/join with a new address per request (`prefix-N@example.org`). */
async function loadJoin(server: Server, session: FormSession, connections: number, seconds: number, prefix: string): Promise<LoadResult> {
  let n = 0;
  const statuses = new Map<number, number>();
  const cpu0 = cpuSnapshot();
  const server0 = server.cpuSeconds();
  const bench0 = process.cpuUsage();
  const instance = autocannon({
    url: server.base,
    connections,
    duration: seconds,
    pipelining: 1,
    timeout: 10,
    requests: [
      {
        method: 'POST',
        path: '/en/join',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: session.cookie },
        setupRequest: (request) => {
          n++;
          return { ...request, body: joinBody(session, `${prefix}-${n}@example.org`, n) };
        },
      },
    ],
  });
  instance.on('response', (_client: unknown, statusCode: number) => statuses.set(statusCode, (statuses.get(statusCode) ?? 0) + 1));
  const result = await instance;
  const bench = process.cpuUsage(bench0);
  return {
    result,
    statuses,
    sent: n,
    serverCores: (server.cpuSeconds() - server0) / result.duration,
    machineCores: coresBusy(cpu0, cpuSnapshot()),
    benchCores: (bench.user + bench.system) / 1e6 / result.duration,
  };
}

/** GET /healthz flat out: what Fastify and the plugins cost with no handler work, for comparison. */
async function loadHealthz(server: Server, connections: number, seconds: number): Promise<Result> {
  return autocannon({ url: `${server.base}/healthz`, connections, duration: seconds });
}

interface DbCounts {
  members: number;
  pending: number;
  jobsQueued: number;
  jobsDone: number;
  jobsFailed: number;
  captured: number;
}

function dbCounts(dataDir: string, prefix: string): DbCounts {
  const db = new SQLite(path.join(dataDir, 'plenary.sqlite'), { readonly: true, timeout: 10_000 });
  try {
    const count = (sql: string, ...params: unknown[]) => (db.prepare(sql).get(...params) as { n: number }).n;
    const like = `${prefix}-%`;
    // One statement, so a request the server is still finishing cannot land between two counts.
    const m = db.prepare("select count(*) as members, coalesce(sum(status = 'pending'), 0) as pending from members where email_display like ?").get(like) as {
      members: number;
      pending: number;
    };
    return {
      members: m.members,
      pending: m.pending,
      jobsQueued: count("select count(*) as n from jobs where status in ('queued', 'running')"),
      jobsDone: count("select count(*) as n from jobs where status = 'done'"),
      jobsFailed: count("select count(*) as n from jobs where status = 'failed'"),
      captured: count('select count(*) as n from captured_mail'),
    };
  } finally {
    db.close();
  }
}

// ---------------------------------------------------------------------------------------------
// One scenario: a fresh server, warm-up, measured run, counts, stop.

interface Scenario {
  connections: number;
  load: LoadResult;
  counts: DbCounts;
  afterStop: DbCounts;
  healthz?: Result;
  stop: { code: number | null; seconds: number };
  peakRss: number;
  profileDir?: string;
  idleDrainPerSecond: number;
}

async function scenario(connections: number, options: { healthz: boolean; profile: boolean }): Promise<Scenario> {
  const profileDir = options.profile ? fs.mkdtempSync(path.join(os.tmpdir(), 'plenary-bench-profile-')) : undefined;
  const waited = await waitForQuiet();
  if (waited > 1500) process.stdout.write(`(waited ${(waited / 1000).toFixed(0)} s for other processes to quieten)\n`);
  const server = await startServer(profileDir);
  try {
    const session = await fetchForm(server.base);
    // The stamp must be older than minimumFillMs, or the form answers "too fast".
    await sleep(minimumFillMs + 200);
    const probe = await fetch(`${server.base}/en/join`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: session.cookie },
      body: joinBody(session, 'probe@example.org', 0),
    });
    if (probe.status !== 303 || probe.headers.get('location') !== '/en/join/check-email') {
      throw new Error(`probe POST /en/join answered ${probe.status} ${probe.headers.get('location') ?? ''}: ${(await probe.text()).slice(0, 300)}`);
    }
    const healthz = options.healthz ? await loadHealthz(server, connections, 5) : undefined;
    await loadJoin(server, session, connections, warmupSeconds, `warm${connections}`);
    const prefix = `bench${connections}`;
    const load = await loadJoin(server, session, connections, duration, prefix);
    const counts = dbCounts(server.dataDir, prefix);
    const peakRss = server.peakRss();
    // With no requests, how fast does the in-process worker work through the confirmation backlog?
    await sleep(drainSeconds * 1000);
    const drained = dbCounts(server.dataDir, prefix).captured - counts.captured;
    const stop = await stopServer(server);
    const afterStop = dbCounts(server.dataDir, prefix);
    return { connections, load, counts, afterStop, healthz, stop, peakRss, profileDir, idleDrainPerSecond: drained / drainSeconds };
  } catch (error) {
    if (server.child.exitCode === null) server.child.kill('SIGKILL');
    throw new Error(`${(error as Error).message}\nserver stderr:\n${server.stderr()}`);
  } finally {
    if (keep) process.stdout.write(`kept ${server.dataDir}\n`);
    else fs.rmSync(server.dataDir, { recursive: true, force: true });
  }
}

/** Cores that processes other than the server and this bench kept busy during the measured run. */
const others = (s: Scenario) => Math.max(0, s.load.machineCores - s.load.serverCores - s.load.benchCores);

function describe(s: Scenario): string {
  const { result, statuses, sent } = s.load;
  const s303 = statuses.get(303) ?? 0;
  const errors = [...statuses].filter(([code]) => code < 300 || code >= 400).reduce((sum, [, c]) => sum + c, 0);
  const lines = [
    `connections ${s.connections}, ${result.duration} s:`,
    `  requests/s mean ${result.requests.mean.toFixed(1)} (stddev ${result.requests.stddev.toFixed(1)}, min ${result.requests.min}, max ${result.requests.max}); ${result.requests.total} responses, ${sent} bodies built`,
    `  latency ms: mean ${result.latency.mean.toFixed(1)}, p50 ${result.latency.p50}, p97.5 ${result.latency.p97_5}, p99 ${result.latency.p99}, max ${result.latency.max}`,
    `  statuses: ${[...statuses].map(([code, c]) => `${code}×${c}`).join(', ')}; autocannon: 2xx ${result['2xx']}, 3xx ${result['3xx']}, non2xx ${result.non2xx}; non-3xx errors ${errors}; socket errors ${result.errors}, timeouts ${result.timeouts}`,
    `  members created by the measured run: ${s.afterStop.members} once the server stopped (${s.counts.members} when autocannon stopped), all pending: ${s.afterStop.pending === s.afterStop.members}; 303 responses: ${s303}; difference ${s.afterStop.members - s303} = requests in flight when autocannon closed its connections (the server finished them)`,
    `  worker (in process): when the run ended ${s.counts.captured} emails captured, ${s.counts.jobsDone} jobs done, ${s.counts.jobsQueued} queued, ${s.counts.jobsFailed} failed; then, with no load, ${s.idleDrainPerSecond.toFixed(0)} emails/s for ${drainSeconds} s; after SIGTERM (${s.stop.seconds.toFixed(1)} s, exit ${s.stop.code}) ${s.afterStop.captured} captured, ${s.afterStop.jobsQueued} queued`,
    `  CPU: server process ${s.load.serverCores.toFixed(2)} cores, autocannon (this process) ${s.load.benchCores.toFixed(2)} cores, whole machine ${s.load.machineCores.toFixed(2)} of ${os.availableParallelism()}, so other processes ${others(s).toFixed(2)}${others(s) > 0.2 ? ' (CONTENDED)' : ''}; server peak RSS ${mib(s.peakRss)}`,
  ];
  if (s.healthz) {
    lines.push(`  for comparison, GET /healthz flat out (5 s): ${s.healthz.requests.mean.toFixed(0)} requests/s, p99 ${s.healthz.latency.p99} ms`);
  }
  return lines.join('\n');
}

const meets = (s: Scenario) =>
  s.load.result.requests.mean >= target.rps && s.load.result.latency.p99 <= target.p99 && (s.load.statuses.get(303) ?? 0) === s.load.result.requests.total;

// ---------------------------------------------------------------------------------------------

await printMachineFacts('Plenary benchmark: POST /join under load (SQLite)');
process.stdout.write(
  'Server: node bin/plenary.js serve, a fresh DATA_DIR (SQLite, WAL) per connection count, HOST=127.0.0.1, LOG_LEVEL=silent.\n' +
    'JOIN_IP_LIMIT=1000000: the per-IP allowance (default 300 per 10 minutes) is lifted so one client address is not answered 429; it is still taken in the database.\n' +
    'WORKER_IN_PROCESS=true: as in a default deployment, the in-process worker renders and captures each confirmation email concurrently.\n' +
    (backlog > 0 ? `BACKLOG: each server starts with ${backlog} pending members and ${backlog} queued confirmation jobs.\n` : '') +
    (serverNodeArgs.length || Object.keys(extraServerEnv).length
      ? `EXPERIMENT: server node args ${JSON.stringify(serverNodeArgs)}, extra env ${JSON.stringify(extraServerEnv)}\n`
      : '') +
    `autocannon ${duration} s per connection count (after a ${warmupSeconds} s warm-up), pipelining 1, a different email per request,\n` +
    `the CSRF cookie, _csrf token and stamp of one GET reused. Target: ≥ ${target.rps} requests/s and p99 ≤ ${target.p99} ms.\n\n`,
);

const scenarios: Scenario[] = [];
for (const [i, connections] of connectionCounts.entries()) {
  const s = await scenario(connections, { healthz: i === 0, profile: false });
  scenarios.push(s);
  process.stdout.write(`${describe(s)}\n\n`);
}

process.stdout.write(
  table(
    ['connections', 'req/s mean', 'p50 ms', 'p97.5 ms', 'p99 ms', 'max ms', '303', 'non-3xx', 'members', 'server cores', 'others cores', 'target met'],
    scenarios.map((s) => [
      s.connections,
      s.load.result.requests.mean.toFixed(1),
      s.load.result.latency.p50,
      s.load.result.latency.p97_5,
      s.load.result.latency.p99,
      s.load.result.latency.max,
      s.load.statuses.get(303) ?? 0,
      [...s.load.statuses].filter(([c]) => c < 300 || c >= 400).reduce((sum, [, c]) => sum + c, 0) + s.load.result.errors + s.load.result.timeouts,
      s.afterStop.members,
      s.load.serverCores.toFixed(2),
      others(s).toFixed(2),
      meets(s) ? 'yes' : 'NO',
    ]),
  ),
);

const summary = scenarios.map((s) => ({
  connections: s.connections,
  rpsMean: s.load.result.requests.mean,
  latency: { p50: s.load.result.latency.p50, p97_5: s.load.result.latency.p97_5, p99: s.load.result.latency.p99, max: s.load.result.latency.max },
  statuses: Object.fromEntries(s.load.statuses),
  members: s.afterStop.members,
  serverCores: s.load.serverCores,
  othersCores: others(s),
  met: meets(s),
}));
process.stdout.write(`${JSON.stringify({ bench: 'join', duration, medianRps: median(summary.map((s) => s.rpsMean)), results: summary })}\n`);

const missed = scenarios.some((s) => !meets(s));
if ((missed && !flags.has('no-profile')) || flags.has('profile')) {
  process.stdout.write(
    `\n${missed ? 'Target missed: p' : 'P'}rofiling one more run at ${connectionCounts[0]} connections with --cpu-prof on the server (figures slowed by the profiler).\n`,
  );
  const s = await scenario(connectionCounts[0]!, { healthz: false, profile: true });
  process.stdout.write(`${describe(s)}\n\n`);
  // Thread 0 is the main thread; tsx's loader thread writes a second, small profile.
  const file = fs.readdirSync(s.profileDir!).find((f) => /\.0\.\d+\.cpuprofile$/.test(f));
  if (!file) process.stdout.write(`no .cpuprofile written in ${s.profileDir} (did the server exit cleanly?)\n`);
  else process.stdout.write(`${analyseProfile(path.join(s.profileDir!, file))}\n`);
}
