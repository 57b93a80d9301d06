// A burst of registrations for one event: members clicking the one-click link in a 10,000-member announcement.
// Target (issue #10, point 12): ≥ 500 registrations/s with p99 ≤ 100 ms on the 2-core machine, and no overbooking:
// exactly `capacity` confirmed and the rest waitlisted once the burst is over, on SQLite and on PostgreSQL.
// Run: node --import tsx bench/events.ts [--db=sqlite,postgres] [--members=10000] [--capacity=1000] [--connections=20]
//      [--postgres=postgres://postgres@127.0.0.1:5432/test] [--keep] [--profile]
// --profile runs the server under `node --cpu-prof` and prints its top functions (the figures are then slowed).
//
// For each database: a fresh one (a SQLite file in a new DATA_DIR, or a new PostgreSQL database), migrated, the demo
// network seeded, `members` subscribed members imported, and two published public events: a warm-up one and the
// measured one (capacity `capacity`). Then a real `node bin/plenary.js serve` (HOST=127.0.0.1, LOG_LEVEL=silent,
// WORKER_IN_PROCESS=true as in a default deployment, so the confirmation emails are rendered and captured by the
// in-process worker during the burst, SECRET_KEY shared with this script so it can sign the members' links).
// The bench GETs one member's confirm page for the CSRF cookie and token (reused for every request, as a browser
// that resubmits would), POSTs 1,000 warm-up registrations to the warm-up event, then autocannon POSTs
// /en/events/{id}/register/{token} once for every member (`amount` = members, a different signed link per request).
// Every request should answer 201 (registered: a place or the waitlist). Counts are read from the database after
// the server has stopped.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import autocannon, { type Result } from 'autocannon';
import pg from 'pg';
import { systemClock } from '../src/clock.ts';
import { createDb, type DatabaseHandle, type Dialect } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrator.ts';
import { seedDemoNetwork } from '../src/demo/demo-network.ts';
import { cliActor } from '../src/domains/audit/audit.service.ts';
import { createEvent } from '../src/domains/events/event.service.ts';
import type { EventRow } from '../src/domains/events/event.table.ts';
import { memberRegistrationPath } from '../src/domains/events/event-email.tsx';
import { importMembers } from '../src/domains/members/member-import.ts';
import { findCurrentNetwork } from '../src/domains/site/site.repository.ts';
import { analyseProfile } from './cpu-profile.ts';
import { coresBusy, cpuSnapshot, mib, printMachineFacts, sleep, table, waitForQuiet } from './machine.ts';

const repoRoot = path.resolve(import.meta.dirname, '..');
const flags = new Map(
  process.argv.slice(2).map((a) => {
    const at = a.indexOf('=');
    return at === -1 ? ([a.replace(/^--/, ''), 'true'] as const) : ([a.slice(0, at).replace(/^--/, ''), a.slice(at + 1)] as const);
  }),
);
const databases = (flags.get('db') ?? 'sqlite,postgres').split(',') as Dialect[];
const memberCount = Number(flags.get('members') ?? 10_000);
const capacity = Number(flags.get('capacity') ?? 1000);
const connections = Number(flags.get('connections') ?? 20);
const postgresUrl = flags.get('postgres') ?? 'postgres://postgres@127.0.0.1:5432/test';
const keep = flags.has('keep');
const profile = flags.has('profile');
const warmupCount = Math.min(1000, memberCount);
const target = { rps: 500, p99: 100 };
const secretKey = randomBytes(32).toString('hex');

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

interface Prepared {
  dialect: Dialect;
  env: Record<string, string>;
  open: () => Promise<DatabaseHandle>;
  drop: () => Promise<void>;
  memberIds: number[];
  warmup: EventRow;
  event: EventRow;
  seedSeconds: number;
  profileDir?: string;
}

/** A fresh database of `dialect` with the members and the two events; what the server needs to open it. */
async function prepare(dialect: Dialect): Promise<Prepared> {
  const t0 = Date.now();
  let env: Record<string, string>;
  let open: () => Promise<DatabaseHandle>;
  let drop: () => Promise<void>;
  if (dialect === 'sqlite') {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'plenary-bench-events-'));
    env = { DATA_DIR: dataDir };
    open = () => createDb({ dataDir });
    drop = async () => (keep ? void process.stdout.write(`kept ${dataDir}\n`) : fs.rmSync(dataDir, { recursive: true, force: true }));
  } else {
    const name = `plenary_bench_events_${randomBytes(4).toString('hex')}`;
    const admin = async (text: string) => {
      const client = new pg.Client({ connectionString: postgresUrl });
      await client.connect();
      await client.query(text);
      await client.end();
    };
    await admin(`create database ${name}`);
    const url = new URL(postgresUrl);
    url.pathname = `/${name}`;
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'plenary-bench-events-pg-'));
    env = { DATABASE_URL: url.toString(), DATA_DIR: dataDir };
    open = () => createDb({ url: url.toString() });
    drop = async () => {
      fs.rmSync(dataDir, { recursive: true, force: true });
      if (!keep) await admin(`drop database if exists ${name} with (force)`);
    };
  }
  const handle = await open();
  try {
    await migrateToLatest(handle.db);
    const deps = { db: handle.db, clock: systemClock };
    await seedDemoNetwork(deps);
    const network = await findCurrentNetwork(handle.db);
    const languages = ['en', 'fr', 'es', 'ar', 'ru', 'zh'];
    const states = ['FR', 'BR', 'KE', 'CN', 'IN', 'EG', 'RU', 'MX', 'NG', 'DE', 'JP', 'CH'];
    const rows = Array.from(
      { length: memberCount },
      (_, i) => `burst-${i}@example.org,Member ${i},${states[i % states.length]},${languages[i % languages.length]}`,
    );
    const report = await importMembers(deps, `email,name,memberState,language\n${rows.join('\n')}\n`, {
      networkId: network!.id,
      dryRun: false,
      status: 'subscribed',
      basis: 'bench: subscribed members who received the announcement',
      actorLabel: 'bench',
    });
    if (report.accepted !== memberCount) throw new Error(`import accepted ${report.accepted} of ${memberCount}`);
    const memberIds = (await handle.db.selectFrom('members').select('id').where('email_key', 'like', 'burst-%').orderBy('id').execute()).map((r) => r.id);
    const starts = new Date(Date.now() + 30 * 86_400_000);
    const base = {
      kind: 'webinar',
      startsAt: starts.toISOString(),
      endsAt: new Date(starts.getTime() + 90 * 60_000).toISOString(),
      timeZone: 'Europe/Zurich',
      onlineUrl: 'https://meet.example.org/zero-draft',
      visibility: 'members',
      status: 'published',
    };
    const warmup = await createEvent(deps, cliActor, { ...base, title: { en: 'Warm-up webinar' } });
    const event = await createEvent(deps, cliActor, { ...base, title: { en: 'Webinar on the Zero Draft' }, capacity });
    const profileDir = profile ? fs.mkdtempSync(path.join(os.tmpdir(), 'plenary-bench-events-profile-')) : undefined;
    return { dialect, env, open, drop, memberIds, warmup, event, seedSeconds: (Date.now() - t0) / 1000, profileDir };
  } finally {
    await handle.close();
  }
}

interface Server {
  child: ChildProcess;
  base: string;
  stderr(): string;
  cpuSeconds(): number;
  peakRss(): number;
}

async function startServer(prepared: Prepared): Promise<Server> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    WORKER_IN_PROCESS: 'true',
    SECRET_KEY: secretKey,
    PORT: String(port),
    ...prepared.env,
  };
  if (!prepared.env.DATABASE_URL) delete env.DATABASE_URL;
  delete env.NODE_OPTIONS;
  delete env.PUBLIC_URL;
  delete env.SMTP_URL;
  const profileArgs = prepared.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${prepared.profileDir}`] : [];
  const child = spawn(process.execPath, [...profileArgs, 'bin/plenary.js', 'serve'], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  child.stdout!.resume();
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`plenary serve exited ${child.exitCode}: ${stderr}`);
    try {
      if ((await fetch(`${base}/readyz`)).status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`plenary serve not ready after 60 s: ${stderr}`);
    await sleep(100);
  }
  return {
    child,
    base,
    stderr: () => stderr,
    cpuSeconds: () => {
      const fields = fs.readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return (Number(fields[11]) + Number(fields[12])) / 100;
    },
    peakRss: () => Number(/VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0) * 1024,
  };
}

async function stopServer(server: Server): Promise<void> {
  const exited = new Promise<void>((resolve) => server.child.once('exit', () => resolve()));
  server.child.kill('SIGTERM');
  const stopped = await Promise.race([exited.then(() => true), sleep(60_000).then(() => false)]);
  if (!stopped) server.child.kill('SIGKILL');
}

/** The CSRF cookie and token from one member's confirm page (any page's token works with its cookie). */
async function session(base: string, pathOfLink: string): Promise<{ cookie: string; csrf: string }> {
  const response = await fetch(`${base}/en${pathOfLink}`);
  const html = await response.text();
  if (response.status !== 200) throw new Error(`GET the confirm page answered ${response.status}: ${html.slice(0, 300)}`);
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith('plenary_csrf='));
  const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!cookie || !csrf) throw new Error('the confirm page gave no plenary_csrf cookie or _csrf token');
  return { cookie: cookie.split(';')[0]!, csrf };
}

interface Burst {
  result: Result;
  statuses: Map<number, number>;
  serverCores: number;
  machineCores: number;
  benchCores: number;
}

/** One POST per link, `connections` at a time, each link once. */
async function burst(server: Server, links: string[], s: { cookie: string; csrf: string }): Promise<Burst> {
  let next = 0;
  const statuses = new Map<number, number>();
  const body = new URLSearchParams({ _csrf: s.csrf, timeZone: 'Europe/Paris' }).toString();
  const cpu0 = cpuSnapshot();
  const server0 = server.cpuSeconds();
  const bench0 = process.cpuUsage();
  const instance = autocannon({
    url: server.base,
    connections,
    amount: links.length,
    pipelining: 1,
    timeout: 10,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: s.cookie },
        body,
        setupRequest: (request) => ({ ...request, path: `/en${links[next++ % links.length]}` }),
      },
    ],
  });
  instance.on('response', (_client: unknown, statusCode: number) => statuses.set(statusCode, (statuses.get(statusCode) ?? 0) + 1));
  const result = await instance;
  const bench = process.cpuUsage(bench0);
  return {
    result,
    statuses,
    serverCores: (server.cpuSeconds() - server0) / result.duration,
    machineCores: coresBusy(cpu0, cpuSnapshot()),
    benchCores: (bench.user + bench.system) / 1e6 / result.duration,
  };
}

interface Outcome {
  dialect: Dialect;
  seedSeconds: number;
  burst: Burst;
  rps: number;
  counts: { confirmed: number; waitlisted: number; total: number; distinctMembers: number };
  captured: number;
  peakRss: number;
  load: number;
}

async function run(dialect: Dialect): Promise<Outcome> {
  const prepared = await prepare(dialect);
  try {
    const waited = await waitForQuiet(120_000, 0.5);
    if (waited > 1500) process.stdout.write(`(waited ${(waited / 1000).toFixed(0)} s for other processes to quieten)\n`);
    const load = os.loadavg()[0]!;
    const server = await startServer(prepared);
    let result: Burst;
    let peakRss: number;
    try {
      const sign = (event: EventRow) => prepared.memberIds.map((id) => memberRegistrationPath({ secretKey }, event, id));
      const warmLinks = sign(prepared.warmup).slice(0, warmupCount);
      const links = sign(prepared.event);
      const s = await session(server.base, links[0]!);
      await burst(server, warmLinks, s);
      result = await burst(server, links, s);
      peakRss = server.peakRss();
    } catch (error) {
      throw new Error(`${(error as Error).message}\nserver stderr:\n${server.stderr()}`);
    } finally {
      await stopServer(server);
    }
    if (prepared.profileDir) {
      for (const file of fs.readdirSync(prepared.profileDir)) process.stdout.write(`${analyseProfile(path.join(prepared.profileDir, file))}\n`);
    }
    const handle = await prepared.open();
    try {
      const rows = await handle.db
        .selectFrom('event_registrations')
        .select((eb) => ['status', eb.fn.countAll().as('n'), eb.fn.count('member_id').distinct().as('members')])
        .where('event_id', '=', prepared.event.id)
        .groupBy('status')
        .execute();
      const of = (status: string) => Number(rows.find((r) => r.status === status)?.n ?? 0);
      const distinctMembers = rows.reduce((sum, r) => sum + Number(r.members), 0);
      const captured = Number(
        (
          await handle.db
            .selectFrom('captured_mail')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
      const counts = { confirmed: of('confirmed'), waitlisted: of('waitlisted'), total: rows.reduce((sum, r) => sum + Number(r.n), 0), distinctMembers };
      return {
        dialect,
        seedSeconds: prepared.seedSeconds,
        burst: result,
        rps: result.result.requests.total / result.result.duration,
        counts,
        captured,
        peakRss,
        load,
      };
    } finally {
      await handle.close();
    }
  } finally {
    await prepared.drop();
  }
}

const noOverbooking = (o: Outcome) =>
  o.counts.confirmed === Math.min(capacity, memberCount) && o.counts.waitlisted === Math.max(0, memberCount - capacity) && o.counts.total === memberCount;
const meets = (o: Outcome) =>
  o.rps >= target.rps && o.burst.result.latency.p99 <= target.p99 && (o.burst.statuses.get(201) ?? 0) === memberCount && noOverbooking(o);

await printMachineFacts('Plenary benchmark: a burst of one-click registrations for one event');
process.stdout.write(
  `${memberCount.toLocaleString('en')} subscribed members each POST their signed link once (/en/events/{id}/register/{token}), ${connections} connections,\n` +
    `pipelining 1, after ${warmupCount} warm-up registrations for another event. Capacity ${capacity}. Server: node bin/plenary.js serve, WORKER_IN_PROCESS=true\n` +
    `(the confirmation emails are rendered and captured during the burst). Target: ≥ ${target.rps} registrations/s, p99 ≤ ${target.p99} ms, exactly ${capacity} confirmed.\n\n`,
);
const outcomes: Outcome[] = [];
for (const dialect of databases) {
  const o = await run(dialect);
  outcomes.push(o);
  const r = o.burst.result;
  process.stdout.write(
    `${[
      `${dialect} (seeded in ${o.seedSeconds.toFixed(0)} s; load average ${o.load.toFixed(2)} before the run):`,
      `  ${r.requests.total} responses in ${r.duration.toFixed(1)} s = ${o.rps.toFixed(0)} registrations/s (autocannon mean ${r.requests.mean.toFixed(0)}/s per second-bucket)`,
      `  latency ms: mean ${r.latency.mean.toFixed(1)}, p50 ${r.latency.p50}, p97.5 ${r.latency.p97_5}, p99 ${r.latency.p99}, max ${r.latency.max}`,
      `  statuses: ${[...o.burst.statuses].map(([code, c]) => `${code}×${c}`).join(', ')}; socket errors ${r.errors}, timeouts ${r.timeouts}`,
      `  registrations: ${o.counts.confirmed} confirmed, ${o.counts.waitlisted} waitlisted, ${o.counts.total} in all, ${o.counts.distinctMembers} distinct members — no overbooking: ${noOverbooking(o) ? 'yes' : 'NO'}`,
      `  emails captured by the in-process worker by the time the server stopped: ${o.captured}`,
      `  CPU: server ${o.burst.serverCores.toFixed(2)} cores, autocannon ${o.burst.benchCores.toFixed(2)}, whole machine ${o.burst.machineCores.toFixed(2)} of ${os.availableParallelism()}; server peak RSS ${mib(o.peakRss)}`,
    ].join('\n')}\n\n`,
  );
}
process.stdout.write(
  table(
    ['database', 'registrations/s', 'p50 ms', 'p99 ms', 'max ms', '201', 'confirmed', 'waitlisted', 'server cores', 'others cores', 'target met'],
    outcomes.map((o) => [
      o.dialect,
      o.rps.toFixed(0),
      o.burst.result.latency.p50,
      o.burst.result.latency.p99,
      o.burst.result.latency.max,
      o.burst.statuses.get(201) ?? 0,
      o.counts.confirmed,
      o.counts.waitlisted,
      o.burst.serverCores.toFixed(2),
      Math.max(0, o.burst.machineCores - o.burst.serverCores - o.burst.benchCores).toFixed(2),
      meets(o) ? 'yes' : 'NO',
    ]),
  ),
);
process.stdout.write(
  `${JSON.stringify({ bench: 'events', members: memberCount, capacity, connections, results: outcomes.map((o) => ({ db: o.dialect, rps: o.rps, p99: o.burst.result.latency.p99, counts: o.counts, met: meets(o) })) })}\n`,
);
