import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { createTestDatabase, dialects, type TestDatabase } from '../../../test/dialects.ts';
import { manualClock } from '../../clock.ts';
import { seedDemoNetwork } from '../../demo/demo-network.ts';
import { JobQueue } from '../../jobs/job-queue.ts';
import { findCurrentNetwork } from '../site/site.repository.ts';
import type { MemberFilters } from './member.repository.ts';
import { findMemberByKey } from './member.repository.ts';
import { erase } from './member.service.ts';
import { exportColumns, exportMemberChunks, exportMembers, neutraliseFormula } from './member-export.ts';
import { importMembers } from './member-import.ts';

const header = 'email,name,memberState,stakeholderGroup,organisation,language,source,title';

async function text(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

test('formula-like cells get a leading apostrophe; others are unchanged', () => {
  for (const cell of ['=1+1', '+33 1 23', '-2', '@SUM(A1)', '\tx', '\rx', '＝1+1']) assert.equal(neutraliseFormula(cell), `'${cell}`);
  for (const cell of ['Ana', 'a=b', '', "'quoted", '用户@例子.广告']) assert.equal(neutraliseFormula(cell), cell);
});

for (const dialect of dialects) {
  describe(`member export on ${dialect}`, () => {
    const databases: TestDatabase[] = [];
    after(async () => {
      for (const d of databases) await d.drop();
    });

    async function setup() {
      const database = await createTestDatabase(dialect);
      databases.push(database);
      const db = database.handle.db;
      const clock = manualClock(new Date('2026-03-01T09:00:00Z'));
      await seedDemoNetwork({ db, clock });
      const networkId = (await findCurrentNetwork(db))!.id;
      const load = async (rows: string[], status: 'pending' | 'subscribed') => {
        const report = await importMembers({ db, clock }, [header, ...rows, ''].join('\n'), {
          networkId,
          dryRun: false,
          status,
          basis: status === 'subscribed' ? 'Registered at the WSIS Forum 2025' : undefined,
          actorLabel: 'test',
        });
        assert.equal(report.rejected.length, 0, JSON.stringify(report.rejected));
      };
      const exportText = (format: 'csv' | 'json', filters: MemberFilters = {}, options: { bom?: boolean } = {}) =>
        text(exportMembers(db, networkId, filters, format, options));
      return { db, clock, networkId, load, exportText };
    }

    async function seeded() {
      const s = await setup();
      await s.load(
        [
          'ana@example.org,Ana,FR,government,"Ministry, Foreign Affairs",fr,hlgm-2024,Counsellor',
          '用户@例子.广告,张伟,CN,academia,,zh,,',
          'mal@example.org,"=HYPERLINK(""http://evil.example"",""click"")",KE,civil_society,+254 700,en,igf-2025,@SUM(1)',
        ],
        'subscribed',
      );
      s.clock.advance(60_000);
      await s.load(['pending@example.org,Pending Person,BR,private_sector,,es,igf-2025,'], 'pending');
      return s;
    }

    test('CSV: header, one row per member, quoting, formula cells neutralised', async () => {
      const { exportText } = await seeded();
      const csv = await exportText('csv');
      assert.ok(!csv.startsWith('\uFEFF'));
      assert.ok(csv.includes('\r\n'), 'RFC 4180 line breaks');
      const rows = parse(csv) as string[][];
      assert.deepEqual(rows[0], [...exportColumns]);
      assert.deepEqual(rows[1], [
        'ana@example.org',
        'Ana',
        'subscribed',
        'FR',
        'western_european_others',
        'government',
        'Ministry, Foreign Affairs',
        'Counsellor',
        'fr',
        'hlgm-2024',
        '2026-03-01T09:00:00.000Z',
      ]);
      assert.deepEqual(rows[2]?.slice(0, 4), ['用户@例子.广告', '张伟', 'subscribed', 'CN']);
      assert.equal(rows[3]?.[1], `'=HYPERLINK("http://evil.example","click")`);
      assert.equal(rows[3]?.[6], "'+254 700");
      assert.equal(rows[3]?.[7], "'@SUM(1)");
      assert.deepEqual(rows[4]?.slice(0, 3), ['pending@example.org', 'Pending Person', 'pending']);
      assert.equal(rows[4]?.[10], '2026-03-01T09:01:00.000Z', 'joinedAt falls back to creation for a pending member');
      assert.equal(rows.length, 5);
    });

    test('CSV with a BOM for spreadsheets; JSON never has one', async () => {
      const { exportText } = await seeded();
      const csv = await exportText('csv', {}, { bom: true });
      assert.ok(csv.startsWith('\uFEFFemail,name,status,memberState,regionalGroup,stakeholderGroup,organisation,title,language,source,joinedAt\r\n'));
      assert.ok((await exportText('json', {}, { bom: true })).startsWith('[\n{'));
    });

    test('JSON: a streamed array of objects carrying the values unchanged', async () => {
      const { exportText } = await seeded();
      const json = await exportText('json');
      assert.match(json, /^\[\n\{.*\},\n\{/s);
      assert.ok(json.endsWith('}\n]\n'));
      const members = JSON.parse(json) as Record<string, string | null>[];
      assert.equal(members.length, 4);
      assert.deepEqual(members[1], {
        email: '用户@例子.广告',
        name: '张伟',
        status: 'subscribed',
        memberState: 'CN',
        regionalGroup: 'asia_pacific',
        stakeholderGroup: 'academia',
        organisation: '',
        title: '',
        language: 'zh',
        source: null,
        joinedAt: '2026-03-01T09:00:00.000Z',
      });
      assert.equal(members[2]?.name, '=HYPERLINK("http://evil.example","click")', 'JSON is data, not a spreadsheet');
    });

    test('filters are respected and erased members are never exported', async () => {
      const { db, clock, networkId, exportText } = await seeded();
      const emails = async (filters: MemberFilters) => (JSON.parse(await exportText('json', filters)) as { email: string }[]).map((m) => m.email);
      assert.deepEqual(await emails({ status: 'pending' }), ['pending@example.org']);
      assert.deepEqual(await emails({ memberState: 'CN' }), ['用户@例子.广告']);
      assert.deepEqual(await emails({ regionalGroup: 'african' }), ['mal@example.org']);
      assert.deepEqual(await emails({ stakeholderGroup: 'government' }), ['ana@example.org']);
      assert.deepEqual(await emails({ language: 'es' }), ['pending@example.org']);
      assert.deepEqual(await emails({ source: 'igf-2025' }), ['mal@example.org', 'pending@example.org']);
      assert.deepEqual(await emails({ source: 'igf-2025', status: 'subscribed' }), ['mal@example.org']);
      assert.deepEqual(await emails({ memberState: 'JP' }), []);
      assert.equal(await exportText('json', { memberState: 'JP' }), '[\n]\n');
      assert.deepEqual(parse(await exportText('csv', { memberState: 'JP' })), [[...exportColumns]]);

      const ana = await findMemberByKey(db, networkId, 'ana@example.org');
      await erase({ db, dialect, clock, queue: new JobQueue({ db, clock }), secretKey: 'unused' }, ana!, { staffId: null, label: 'member' });
      assert.deepEqual(await emails({}), ['用户@例子.广告', 'mal@example.org', 'pending@example.org']);
      assert.equal((parse(await exportText('csv')) as string[][]).length, 4);
    });

    test('2,500 members stream in chunks, in order', async () => {
      const { db, networkId, load } = await setup();
      const rows = Array.from({ length: 2500 }, (_, i) => `m${String(i).padStart(4, '0')}@example.org,Member ${i},KE,,,en,,`);
      await load(rows, 'subscribed');
      let chunks = 0;
      let json = '';
      let progress = 0;
      for await (const chunk of exportMemberChunks(db, networkId, {}, 'json', { onProgress: (n) => (progress = n) })) {
        chunks++;
        json += chunk;
      }
      assert.ok(chunks >= 5, `streamed in ${chunks} chunks`);
      assert.equal(progress, 2500);
      const members = JSON.parse(json) as { email: string }[];
      assert.deepEqual(
        members.map((m) => m.email),
        rows.map((r) => r.split(',')[0]),
      );
      let csvRows = 0;
      for await (const chunk of exportMemberChunks(db, networkId, {}, 'csv')) csvRows += chunk.split('\r\n').length - 1;
      assert.equal(csvRows, 2501);
    });
  });
}
