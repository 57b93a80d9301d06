// The reports area over 1,000,000 members who joined over 3 years and 10,000 announcements.
// Run: node --import tsx bench/reports.ts [--dialect=sqlite|postgres] [--members=1000000] [--announcements=10000]
//      [--recipients=100] [--runs=20] [--file-runs=3] [--keep]
// PostgreSQL: a fresh database is created on BENCH_POSTGRES_URL (else TEST_POSTGRES_URL) and dropped afterwards.
// Builds the real app (buildApp, the demo network) on a fresh database, adds synthetic members (each with the
// status change that made them subscribed, 8% with a later one that ended it), announcements spread over the 3
// years with `recipients` deliveries each (their reach summed as a finished send's is), one published briefing (the month before last) and one draft (last
// month, computed live on every read as a preview is). Then times the pages a signed-in viewer opens, through
// HTTP (app.inject: routing, session, rendering and all): the analytics page, the briefing's web page (draft and
// published), and the PDF (headless Chromium) and .pptx downloads. Median and p95 (nearest rank) after one warm-up;
// the Node process's peak RSS while generating the files is sampled every 20 ms.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { buildApp } from '../src/app.ts';
import { manualClock } from '../src/clock.ts';
import { loadConfig } from '../src/config/config.ts';
import type { DatabaseHandle } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrator.ts';
import { seedDemoNetwork } from '../src/demo/demo-network.ts';
import { sumReach } from '../src/domains/announcements/announcement-reach.repository.ts';
import { cliActor } from '../src/domains/audit/audit.service.ts';
import { createStaffAccount } from '../src/domains/auth/auth.service.ts';
import { geographyOf } from '../src/domains/members/member-geography.ts';
import { memberStates } from '../src/domains/members/member-states.data.ts';
import { createBriefing, publishBriefing } from '../src/domains/reports/briefing.service.ts';
import { findCurrentNetwork } from '../src/domains/site/site.repository.ts';
import { assembleDeps } from '../src/runtime.ts';
import { TestClient } from '../test/test-app.ts';
import { insertAll, openBenchDatabase, type Timing, timeRuns } from './bench-db.ts';
import { machineFacts, mib, prng, table } from './machine.ts';

const args = new Map(
  process.argv.slice(2).map((a) => {
    const [key, value] = a.replace(/^--/, '').split('=');
    return [key!, value ?? 'true'] as const;
  }),
);
const dialect = args.get('dialect') === 'postgres' ? 'postgres' : 'sqlite';
const memberCount = Number(args.get('members') ?? 1_000_000);
const announcementCount = Number(args.get('announcements') ?? 10_000);
const recipients = Number(args.get('recipients') ?? 100);
const runs = Number(args.get('runs') ?? 20);
const fileRuns = Number(args.get('file-runs') ?? 3);
const keep = args.has('keep');
const now = new Date();
const random = prng(20261204);
const dayMs = 86_400_000;
const span = 3 * 365 * dayMs;
const password = 'bench password with enough length';

// Member states weighted Zipf-like (a few large delegations), 140 of the 193, 3% without one.
const states = memberStates.filter((s) => s.status === 'member').map((s) => s.code);
const weights = states.map((_, i) => (i % 193 < 140 ? 1 / (1 + i) ** 0.7 : 0));
const totalWeight = weights.reduce((a, b) => a + b, 0);
function pickState(): string | null {
  if (random() < 0.03) return null;
  let r = random() * totalWeight;
  for (let i = 0; i < states.length; i++) {
    r -= weights[i]!;
    if (r < 0) return states[i]!;
  }
  return states[0]!;
}
const stakeholderGroups = ['government', 'igo', 'private_sector', 'civil_society', 'technical_community', 'academia', null];
const languages = ['en', 'en', 'en', 'fr', 'fr', 'es', 'ar', 'ru', 'zh'];
const sources = [null, null, 'hlgm-2024', 'igf-2025', 'cstd-2026', 'wsis-hle', 'webinar'];
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
/** Growth that speeds up: more members joined recently than 3 years ago. */
const joinedAt = () => new Date(now.getTime() - span * (1 - Math.sqrt(random())) - dayMs);

async function seedMembers(handle: DatabaseHandle, networkId: number): Promise<number> {
  const { db } = handle;
  return insertAll('members', memberCount, 500, async (from, to) => {
    const rows = [];
    const fates: { joined: string; left: string | null }[] = [];
    for (let i = from; i < to; i++) {
      const state = pickState();
      const geography = state ? geographyOf(state) : null;
      const email = `member.${i}@example.org`;
      const joined = joinedAt().toISOString();
      const left = random() < 0.08 ? new Date(Date.parse(joined) + random() * (now.getTime() - Date.parse(joined))).toISOString() : null;
      fates.push({ joined, left });
      rows.push({
        network_id: networkId,
        email_input: email,
        email_display: email,
        email_ascii: null,
        email_key: email,
        name: `Member ${i}`,
        member_state: state,
        un_status: geography?.unStatus ?? null,
        regional_group: geography?.regionalGroup ?? null,
        m49_region: geography?.m49Region ?? null,
        m49_subregion: geography?.m49Subregion ?? null,
        stakeholder_group: pick(stakeholderGroups),
        organisation: '',
        job_title: '',
        language: pick(languages),
        source: pick(sources),
        consent_version: 'v1',
        consent_at: joined,
        consent_method: 'double_opt_in',
        consent_basis: null,
        status: left ? 'unsubscribed' : 'subscribed',
        status_at: left ?? joined,
        search_text: `member ${i} ${email}`,
        created_at: joined,
        updated_at: left ?? joined,
        erased_at: null,
      });
    }
    const ids = await db
      .insertInto('members')
      .values(rows as never)
      .returning('id')
      .execute();
    const events = ids.flatMap(({ id }, k) => {
      const { joined, left } = fates[k]!;
      const made = { member_id: id, at: joined, kind: 'confirmed', from_status: 'pending', to_status: 'subscribed', actor_label: 'member', details: null };
      return left ? [made, { ...made, at: left, kind: 'unsubscribed', from_status: 'subscribed', to_status: 'unsubscribed' }] : [made];
    });
    await db
      .insertInto('member_events')
      .values(events as never)
      .execute();
  });
}

async function seedAnnouncements(handle: DatabaseHandle, networkId: number, memberIds: { min: number; max: number }): Promise<number> {
  const { db } = handle;
  return insertAll('announcements', announcementCount, 50, async (from, to) => {
    const rows = [];
    for (let i = from; i < to; i++) {
      const started = new Date(now.getTime() - span + ((i + random()) / announcementCount) * span).toISOString();
      rows.push({
        network_id: networkId,
        subject: `Announcement ${i}`,
        markdown: 'Text',
        default_locale: 'en',
        variants: '{}',
        audience: null,
        in_archive: 1,
        status: 'sent',
        scheduled_at: null,
        total: recipients,
        created_by: 'bench',
        created_at: started,
        updated_at: started,
        started_at: started,
        finished_at: started,
      });
    }
    const inserted = await db
      .insertInto('announcements')
      .values(rows as never)
      .returning(['id', 'started_at'])
      .execute();
    const deliveries = [];
    for (const a of inserted) {
      const chosen = new Set<number>();
      while (chosen.size < recipients) chosen.add(memberIds.min + Math.floor(random() * (memberIds.max - memberIds.min + 1)));
      for (const member_id of chosen) {
        const roll = random();
        const state = roll < 0.96 ? 'sent' : roll < 0.99 ? 'bounced' : 'failed';
        deliveries.push({
          announcement_id: a.id,
          member_id,
          state,
          attempts: 1,
          next_attempt_at: a.started_at!,
          locked_by: null,
          locked_until: null,
          last_reply: null,
          message_id: null,
          created_at: a.started_at!,
          updated_at: a.started_at!,
          sent_at: state === 'sent' ? a.started_at : null,
        });
      }
    }
    for (let i = 0; i < deliveries.length; i += 1000)
      await db
        .insertInto('deliveries')
        .values(deliveries.slice(i, i + 1000) as never)
        .execute();
    // Each send has finished: summed as the sender sums it when it marks the announcement sent.
    for (const a of inserted) await sumReach(db, a.id, a.started_at!);
  });
}

/** Samples this process's RSS every 20 ms while `run` works, and returns the peak. */
async function peakRss(run: () => Promise<unknown>): Promise<number> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  try {
    await run();
  } finally {
    clearInterval(timer);
  }
  return Math.max(peak, process.memoryUsage().rss);
}

/** The first day of the month `back` months before this one, and the last day of that month. */
function monthBefore(back: number): { from: string; to: string } {
  const first = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1));
  const last = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back + 1, 0));
  return { from: first.toISOString().slice(0, 10), to: last.toISOString().slice(0, 10) };
}

async function main(): Promise<void> {
  const facts = machineFacts();
  process.stdout.write(
    `bench/reports.ts on ${dialect}\n${Object.entries(facts)
      .map(([k, v]) => `${k}: ${v}`)
      .join('\n')}\n\n`,
  );
  const { handle, drop } = await openBenchDatabase(dialect, 'reports', keep);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'plenary-bench-reports-data-'));
  const deps = assembleDeps(loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' }), handle, { clock: manualClock(now) });
  const app = await buildApp(deps);
  try {
    await migrateToLatest(handle.db);
    await seedDemoNetwork(deps);
    const network = (await findCurrentNetwork(handle.db))!;
    const memberSeconds = await seedMembers(handle, network.id);
    const range = await handle.db
      .selectFrom('members')
      .select((eb) => [eb.fn.min('id').as('min'), eb.fn.max('id').as('max')])
      .where('network_id', '=', network.id)
      .executeTakeFirstOrThrow();
    const announcementSeconds = await seedAnnouncements(handle, network.id, { min: Number(range.min), max: Number(range.max) });
    process.stderr.write(
      `seeded ${memberCount.toLocaleString('en')} members in ${memberSeconds.toFixed(1)} s, ${announcementCount.toLocaleString('en')} announcements with ${(announcementCount * recipients).toLocaleString('en')} deliveries in ${announcementSeconds.toFixed(1)} s\n`,
    );
    // PostgreSQL's autovacuum would analyze the new tables soon after; the bench does not wait for it.
    if (dialect === 'postgres') await sql`analyze`.execute(handle.db);

    const t0 = performance.now();
    const published = await createBriefing(deps, cliActor, { periodKind: 'custom', ...monthBefore(2) });
    await publishBriefing(deps, cliActor, published.id);
    process.stderr.write(`published the briefing of the month before last in ${(performance.now() - t0).toFixed(0)} ms\n`);
    const draft = await createBriefing(deps, cliActor, { periodKind: 'last_month' });
    await createStaffAccount(deps, cliActor, { email: 'viewer@example.org', name: 'Viewer', role: 'viewer', password });
    const client = new TestClient(app);
    await client.signIn('viewer@example.org', password);

    const page = (url: string, expect: RegExp) => async () => {
      const response = await client.get(url);
      if (response.statusCode !== 200) throw new Error(`${url} answered ${response.statusCode}`);
      const found = expect.exec(response.body);
      if (!found) throw new Error(`${url} lacks ${expect}`);
      return `${response.statusCode}, ${(response.rawPayload.length / 1024).toFixed(0)} KB`;
    };
    const file = (url: string, magic: string) => async () => {
      const response = await client.get(url);
      if (response.statusCode !== 200 || !response.rawPayload.subarray(0, 4).toString('latin1').startsWith(magic))
        throw new Error(`${url} answered ${response.statusCode}`);
      return `${(response.rawPayload.length / 1024).toFixed(0)} KB`;
    };
    const timings: Timing[] = [
      await timeRuns('analytics page (12 months)', runs, page('/en/admin/reports', /<svg/)),
      await timeRuns('analytics page, weeks by regional group', runs, page('/en/admin/reports?interval=week&by=regional_group', /<svg/)),
      await timeRuns(
        'analytics page, 90 days',
        runs,
        page(`/en/admin/reports?interval=day&from=${new Date(now.getTime() - 89 * dayMs).toISOString().slice(0, 10)}`, /<svg/),
      ),
      await timeRuns('briefing page, draft (live figures)', runs, page(`/en/admin/reports/briefings/${draft.id}`, /<svg/)),
      await timeRuns('briefing page, published (snapshot)', runs, page(`/en/admin/reports/briefings/${published.id}`, /<svg/)),
      await timeRuns('briefing page, draft, Arabic', runs, page(`/ar/admin/reports/briefings/${draft.id}`, /dir="rtl"/)),
    ];
    let pdfPeak = 0;
    let pptxPeak = 0;
    const pdf = file(`/en/admin/reports/briefings/${draft.id}/pdf`, '%PDF');
    const pptx = file(`/en/admin/reports/briefings/${draft.id}/pptx`, 'PK');
    timings.push(
      await timeRuns('briefing PDF (draft, Chromium)', fileRuns, async () => {
        let result = '';
        pdfPeak = Math.max(pdfPeak, await peakRss(async () => (result = await pdf())));
        return result;
      }),
      await timeRuns('briefing .pptx (draft)', fileRuns, async () => {
        let result = '';
        pptxPeak = Math.max(pptxPeak, await peakRss(async () => (result = await pptx())));
        return result;
      }),
    );
    process.stdout.write(
      table(
        ['page (1 viewer, through HTTP)', 'median ms', 'p95 ms', 'result'],
        timings.map((t) => [t.name, t.medianMs, t.p95Ms, t.result]),
      ),
    );
    process.stdout.write(`\npeak RSS of the Node process: ${mib(pdfPeak)} while printing PDFs, ${mib(pptxPeak)} while writing .pptx\n`);
    process.stdout.write(
      `\n${JSON.stringify({ benchmark: 'reports', dialect, members: memberCount, announcements: announcementCount, recipients, runs, load: os.loadavg(), pdfPeakRss: pdfPeak, pptxPeakRss: pptxPeak, timings })}\n`,
    );
  } finally {
    await app.close();
    await deps.mail.close();
    await handle.close();
    await drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
