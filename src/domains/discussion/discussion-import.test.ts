import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase, dialects } from '../../../test/dialects.ts';
import { createTestApp, type TestApp, TestClient } from '../../../test/test-app.ts';
import { systemClock } from '../../clock.ts';
import { createDb } from '../../db/database.ts';
import { migrateToLatest } from '../../db/migrator.ts';
import { cliActor } from '../audit/audit.service.ts';
import { addMember } from '../members/member.service.ts';
import { ensureNetwork, requireNetwork } from '../site/site.service.ts';
import { importMbox } from './discussion-import.service.ts';
import { updateDiscussionSettings } from './discussion-settings.ts';
import { readMbox } from './mbox-reader.ts';

const fixture = path.join(import.meta.dirname, '..', '..', '..', 'test', 'fixtures', 'mbox', 'pipermail-2009.mbox');
const bin = path.join(import.meta.dirname, '..', '..', '..', 'bin', 'plenary.js');

/** The fixture as a stream of small chunks, so lines and From_ lines fall across chunk boundaries. */
function chunked(size: number): Readable {
  const bytes = fs.readFileSync(fixture);
  return Readable.from(
    (function* () {
      for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
    })(),
  );
}

test('the mbox reader splits on From_ lines only, unquotes >From, and does not care where chunks end', async () => {
  const whole: string[] = [];
  for await (const m of readMbox(fs.createReadStream(fixture))) whole.push(m.raw.toString('latin1'));
  const small: string[] = [];
  for await (const m of readMbox(chunked(7))) small.push(m.raw.toString('latin1'));
  assert.equal(whole.length, 8);
  assert.deepEqual(small, whole);
  assert.match(whole[0]!, /\nFrom the floor, several delegations asked the same\.\n/);
  assert.ok(!whole.some((m) => m.startsWith('From ')), 'the From_ line is no part of a message');
  const rd: string[] = [];
  for await (const m of readMbox(
    Readable.from([Buffer.from('From a@b.example Mon Jan  5 10:00:00 2009\nSubject: x\n\n>>From here\nFrom there, unquoted\n\n')]),
  )) {
    rd.push(m.raw.toString());
  }
  assert.deepEqual(rd, ['Subject: x\n\n>From here\nFrom there, unquoted\n']);
});

for (const dialect of dialects) {
  describe(`plenary discussion import-mbox on ${dialect}`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(dialect);
      await addMember(t.deps, cliActor, { email: 'salma@example.net', name: 'Salma', language: 'ar' }, { status: 'subscribed', basis: 'test' });
      const network = await requireNetwork(t.deps);
      await updateDiscussionSettings(t.deps, cliActor, network.id, { archiveVisibility: 'public', defaultDelivery: 'each' });
    });
    after(() => t.close());

    const posts = () => t.deps.db.selectFrom('discussion_posts').selectAll().orderBy('id').execute();

    test('a dry run counts and writes nothing', async () => {
      const report = await importMbox(t.deps, fs.createReadStream(fixture), { dryRun: true });
      assert.deepEqual({ ...report, invalidMessages: report.invalidMessages.length }, { imported: 6, duplicates: 1, invalid: 1, invalidMessages: 1 });
      assert.equal((await posts()).length, 0);
    });

    test('each legacy charset is decoded, replies are threaded, and the posts are archive only', async () => {
      let progressCalls = 0;
      const report = await importMbox(t.deps, chunked(4096), { onProgress: () => progressCalls++ });
      assert.equal(report.imported, 6);
      assert.equal(report.duplicates, 1);
      assert.equal(report.invalid, 1);
      assert.match(report.invalidMessages[0]!.reason, /no From address/);
      assert.ok(progressCalls >= 8);
      const rows = await posts();
      const byId = Object.fromEntries(rows.map((r) => [r.message_id, r]));
      const expect = {
        '2009-ar-1@example.net': ['رد: جدول أعمال تونس', 'سلمى', 'تجديد ولاية منتدى حوكمة الإنترنت قيد المناقشة.'],
        '2009-ru-1@example.ru': ['Многостороннее сотрудничество', 'Иван Петров', 'Коллеги, предлагаю обсудить роль технического сообщества.'],
        '2009-zh-1@example.cn': ['多利益攸关方模式', '李伟', '我们支持多利益攸关方模式的互联网治理。'],
        '2009-ja-1@example.jp': ['インターネットガバナンス', '田中', 'インターネットガバナンスフォーラムに参加します。'],
        '2009-es-1@example.org': ['Re: [WSIS] Tunis Agenda, paragraph 72', 'José García', 'La revisión del mandato continúa.'],
      } as const;
      for (const [id, [subject, name, text]] of Object.entries(expect)) {
        const row = byId[id];
        assert.ok(row, id);
        assert.equal(row.subject, subject, id);
        assert.equal(row.from_name, name, id);
        assert.ok(row.body_text.includes(text), `${id}: ${row.body_text}`);
        assert.equal(row.status, 'published');
        assert.equal(row.origin, 'import');
      }
      assert.equal(byId['2009-es-1@example.org']!.from_address, 'jose.garcia@example.org', 'Pipermail’s "name at domain" is read back');
      assert.equal(byId['2009-ar-1@example.net']!.member_id !== null, true, 'a post by a member is linked to them');
      assert.equal(byId['2009-ar-1@example.net']!.sent_at, '2009-03-10T08:00:00.000Z');
      assert.match(byId['2009-en-1@example.net']!.body_text, /\nFrom the floor/);
      const thread = byId['2009-en-1@example.net']!.thread_id;
      assert.equal(byId['2009-ar-1@example.net']!.thread_id, thread);
      assert.equal(byId['2009-es-1@example.org']!.thread_id, thread);
      assert.notEqual(byId['2009-zh-1@example.cn']!.thread_id, thread);

      // Archive only: the worker sends nothing, now or in a digest.
      await t.runJobs();
      t.clock.advance(8 * 24 * 60 * 60 * 1000);
      await t.runJobs();
      assert.equal((await t.deps.db.selectFrom('discussion_deliveries').selectAll().execute()).length, 0);
      assert.equal((await t.deps.db.selectFrom('discussion_digests').selectAll().execute()).length, 0);

      const client = new TestClient(t.app);
      const page = await client.get(`/en/archive/threads/${thread}`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /تجديد ولاية منتدى/);
      assert.match((await client.get('/en/archive')).body, /March 2009<\/a> <span class="muted">5 posts/);
      assert.match((await client.get(`/en/archive/search?q=${encodeURIComponent('сотрудничество')}`)).body, /One post matches/);
    });

    test('running the import again adds nothing', async () => {
      const before = (await posts()).length;
      const again = await importMbox(t.deps, fs.createReadStream(fixture));
      assert.deepEqual({ imported: again.imported, duplicates: again.duplicates, invalid: again.invalid }, { imported: 0, duplicates: 7, invalid: 1 });
      assert.equal((await posts()).length, before);
    });

    test('the command prints a summary line, or JSON with --json', async () => {
      // PostgreSQL: a fresh database of its own; SQLite: the file the command opens in DATA_DIR.
      const database = dialect === 'postgres' ? await createTestDatabase(dialect) : null;
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'plenary-mbox-'));
      try {
        const handle = database ? database.handle : await createDb({ dataDir });
        if (!database) await migrateToLatest(handle.db);
        await ensureNetwork({ db: handle.db, clock: systemClock }, 'Archive test');
        if (!database) await handle.close();
        const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'silent', DATA_DIR: dataDir };
        delete env.DATABASE_URL;
        if (database?.location.url) env.DATABASE_URL = database.location.url;
        const run = (args: string[]) =>
          new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
            const child = spawn(process.execPath, [bin, ...args], { env });
            let stdout = '';
            let stderr = '';
            child.stdout.on('data', (d) => {
              stdout += d;
            });
            child.stderr.on('data', (d) => {
              stderr += d;
            });
            child.on('close', (code) => resolve({ code, stdout, stderr }));
          });
        const dry = await run(['discussion', 'import-mbox', fixture, '--dry-run']);
        assert.equal(dry.code, 0, dry.stderr);
        assert.match(
          dry.stdout,
          /^Dry run, nothing written: 6 posts would be imported; 1 duplicate already in the archive; 1 message not a post\.\n {2}message 7: no From address\n$/,
        );
        const json = await run(['discussion', 'import-mbox', fixture, '--json']);
        assert.equal(json.code, 0, json.stderr);
        const report = JSON.parse(json.stdout);
        assert.deepEqual([report.imported, report.duplicates, report.invalid, report.dryRun], [6, 1, 1, false]);
        const usage = await run(['discussion', 'import-mbox']);
        assert.equal(usage.code, 2);
      } finally {
        await database?.drop();
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    });
  });
}
