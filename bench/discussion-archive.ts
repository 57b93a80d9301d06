// The discussion archive over 100,000 posts (issue 14, point 9): a thread page and a search, through the real app
// (buildApp + inject: routing, service, SQL, rendering), on SQLite or PostgreSQL. Target: p95 ≤ 50 ms each.
//   node --import tsx bench/discussion-archive.ts [--dialect=sqlite|postgres] [--posts=100000] [--runs=30] [--keep]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { buildApp } from '../src/app.ts';
import { manualClock } from '../src/clock.ts';
import { loadConfig } from '../src/config/config.ts';
import type { Dialect } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrator.ts';
import { searchable } from '../src/domains/members/member-record.ts';
import { ensureNetwork } from '../src/domains/site/site.service.ts';
import { assembleDeps } from '../src/runtime.ts';
import { insertAll, openBenchDatabase, timeRuns } from './bench-db.ts';
import { machineFacts } from './machine.ts';

const { values } = parseArgs({
  options: {
    dialect: { type: 'string', default: 'sqlite' },
    posts: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '30' },
    keep: { type: 'boolean', default: false },
  },
});
const dialect = values.dialect as Dialect;
const total = Number(values.posts);
const runs = Number(values.runs);
const perThread = 10;

// Sentences in the six languages, so the folded search runs over every script.
const sentences = [
  'The second revision of the outcome document strengthens the multistakeholder model in paragraph 12.',
  'La révision du document final renforce le rôle de la communauté technique.',
  'La revisión del documento final menciona el Foro para la Gobernanza de Internet.',
  'Пересмотренный проект итогового документа укрепляет многостороннюю модель.',
  '成果文件第二次修订加强了多利益攸关方模式的互联网治理。',
  'تعزز المراجعة الثانية للوثيقة الختامية نموذج أصحاب المصلحة المتعددين.',
  'Delegations asked about the review of the IGF mandate and the WSIS action lines.',
  'We will circulate our comments before the informal consultations next week.',
];

async function main(): Promise<void> {
  process.stdout.write(
    `bench/discussion-archive.ts on ${dialect}, ${total.toLocaleString('en')} posts\n${Object.entries(machineFacts())
      .map(([k, v]) => `${k}: ${v}`)
      .join('\n')}\n\n`,
  );
  const { handle, drop } = await openBenchDatabase(dialect, 'archive', values.keep);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'plenary-bench-archive-data-'));
  try {
    await migrateToLatest(handle.db);
    const clock = manualClock(new Date('2026-12-01T00:00:00Z'));
    const network = await ensureNetwork({ db: handle.db, clock }, 'Bench network');
    await handle.db
      .insertInto('discussion_settings')
      .values({
        network_id: network.id,
        policy: 'open',
        non_members: 'hold',
        hold_days: 14,
        archive_visibility: 'public',
        updated_at: clock.now().toISOString(),
      })
      .execute();
    const threads = Math.ceil(total / perThread);
    const start = Date.parse('2023-12-01T00:00:00Z');
    const span = Date.parse('2026-11-30T00:00:00Z') - start;
    const threadAt = (t: number) => start + Math.floor((span * t) / threads);
    const threadSeconds = await insertAll('threads', threads, 500, async (from, to) => {
      const rows = [];
      for (let t = from; t < to; t++) {
        rows.push({
          network_id: network.id,
          subject: `Thread ${t}: ${sentences[t % sentences.length]!.slice(0, 40)}`,
          started_at: new Date(threadAt(t)).toISOString(),
          last_post_at: new Date(threadAt(t) + (perThread - 1) * 3_600_000).toISOString(),
          post_count: perThread,
        });
      }
      await handle.db.insertInto('discussion_threads').values(rows).execute();
    });
    const firstThread = Number(
      (
        await handle.db
          .selectFrom('discussion_threads')
          .select((eb) => eb.fn.min('id').as('id'))
          .executeTakeFirstOrThrow()
      ).id,
    );
    const postSeconds = await insertAll('posts', total, 200, async (from, to) => {
      const rows = [];
      for (let i = from; i < to; i++) {
        const t = Math.floor(i / perThread);
        const body = `${[0, 1, 2, 3, 4].map((k) => sentences[(i + k * 3) % sentences.length]).join('\n\n')}\n\n> quoted line ${i}\n`;
        const subject = `Re: Thread ${t}`;
        const name = `Member ${i % 4000}`;
        const sentAt = new Date(threadAt(t) + (i % perThread) * 3_600_000).toISOString();
        const raw = `From: ${name} <member${i % 4000}@example.net>\r\nSubject: ${subject}\r\nMessage-ID: <p${i}@example.net>\r\n\r\n${body}`;
        rows.push({
          network_id: network.id,
          thread_id: firstThread + t,
          message_id: `p${i}@example.net`,
          in_reply_to: i % perThread === 0 ? null : `p${i - 1}@example.net`,
          reference_ids: '',
          member_id: null,
          from_address: `member${i % 4000}@example.net`,
          from_key: `member${i % 4000}@example.net`,
          from_name: name,
          mail_from: `member${i % 4000}@example.net`,
          subject,
          sent_at: sentAt,
          received_at: sentAt,
          body_text: body,
          has_html: 0,
          size_bytes: raw.length,
          raw: Buffer.from(raw).toString('base64'),
          status: 'published' as const,
          hold_reason: null,
          auth: '{"dkim":[],"spf":"none","dmarc":"none","dmarcPolicy":null,"header":""}',
          dmarc_policy: null,
          expires_at: null,
          decided_at: null,
          decided_by: null,
          decision_note: null,
          search_text: searchable(subject, name, body),
        });
      }
      await handle.db.insertInto('discussion_posts').values(rows).execute();
    });
    if (dialect === 'postgres') await sql`analyze`.execute(handle.db);
    process.stdout.write(
      `filled: ${threads.toLocaleString('en')} threads in ${threadSeconds.toFixed(1)} s, ${total.toLocaleString('en')} posts in ${postSeconds.toFixed(1)} s\n\n`,
    );

    const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
    const deps = assembleDeps(config, handle, { clock, secretKey: 'bench-secret-key-with-enough-length-0123456789' });
    const app = await buildApp(deps);
    const get = async (url: string, expect: RegExp) => {
      const response = await app.inject({ url });
      if (response.statusCode !== 200 || !expect.test(response.body)) throw new Error(`${url}: ${response.statusCode}`);
      return `${response.statusCode}, ${response.body.length.toLocaleString('en')} bytes`;
    };
    let n = 0;
    const someThread = () => firstThread + ((n++ * 7919) % threads);
    const timings = [
      await timeRuns('thread page (10 posts)', runs, () => get(`/en/archive/threads/${someThread()}`, /archive-post/)),
      await timeRuns('front page (months, latest threads)', runs, () => get('/en/archive', /archive-months/)),
      await timeRuns('month page', runs, () => get('/en/archive/2025/06', /archive-threads/)),
      await timeRuns('search: "multistakeholder" (Latin)', runs, () => get('/en/archive/search?q=multistakeholder', /resource-card/)),
      await timeRuns('search: "利益攸关方" (Chinese)', runs, () => get(`/en/archive/search?q=${encodeURIComponent('利益攸关方')}`, /resource-card/)),
      await timeRuns('search: a word no post holds', runs, () => get('/en/archive/search?q=zzzyxw', /No post matches/)),
    ];
    await app.close();
    process.stdout.write('| request | median | p95 | last answer |\n|---|---|---|---|\n');
    for (const t of timings) process.stdout.write(`| ${t.name} | ${t.medianMs} ms | ${t.p95Ms} ms | ${t.result} |\n`);
  } finally {
    await handle.close();
    await drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
