import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { dialects } from '../../../test/dialects.ts';
import { createTestApp, type TestApp, type TestClient } from '../../../test/test-app.ts';
import { sumReach } from '../announcements/announcement-reach.repository.ts';
import { cliActor } from '../audit/audit.service.ts';
import { addOrganisation } from './counterpart-organisations.service.ts';
import { createEngagement, type EngagementReader } from './engagement.service.ts';
import { transferColumns } from './engagement-transfer.ts';

const owner: EngagementReader = { actor: cliActor, staffId: null, role: 'owner' };

/** A multipart body with one file and some fields, as a browser sends it. */
function multipart(content: string, fields: Record<string, string>) {
  const boundary = '----plenary-engagements-boundary';
  const parts = Object.entries(fields).map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`);
  parts.push(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="past.csv"\r\nContent-Type: text/csv\r\n\r\n${content}\r\n--${boundary}--\r\n`,
  );
  return { payload: Buffer.from(parts.join('')), contentType: `multipart/form-data; boundary=${boundary}` };
}

const header = transferColumns.filter((c) => c !== 'id').join(',');
const row = (cells: Partial<Record<(typeof transferColumns)[number], string>>) =>
  transferColumns
    .filter((c) => c !== 'id')
    .map((c) => {
      const v = cells[c] ?? '';
      return /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
    })
    .join(',');

for (const dialect of dialects) {
  describe(`engagement export, import, organisation deletion and regional groups on ${dialect}`, () => {
    let t: TestApp;
    let editor: TestClient;
    let viewer: TestClient;
    const count = async () =>
      Number(
        (
          await t.deps.db
            .selectFrom('engagements')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );

    async function upload(locale: string, content: string, dryRun: boolean) {
      const page = await editor.get(`/${locale}/admin/engagements/transfer`);
      const action = /action="([^"]+)" enctype="multipart\/form-data"/.exec(page.body)?.[1]?.replace(/&amp;/g, '&');
      assert.ok(action, 'the import form carries its CSRF token in the action');
      const body = multipart(content, dryRun ? { dryRun: 'yes' } : {});
      return t.app.inject({
        method: 'POST',
        url: action,
        payload: body.payload,
        headers: { 'content-type': body.contentType, cookie: [...editor.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
      });
    }

    before(async () => {
      t = await createTestApp(dialect);
      t.clock.set(new Date('2026-10-20T09:00:00Z'));
      editor = await t.signedInClient('editor', 'lena@example.org');
      viewer = await t.signedInClient('viewer');
      await addOrganisation(t.deps, cliActor, 'ITU');
      await addOrganisation(t.deps, cliActor, 'UN DESA');
      await createEngagement(t.deps, owner, {
        kind: 'event_attended',
        title: '=HYPERLINK("https://evil.example","Click")',
        startDate: '2026-04-07',
        endDate: '2026-04-11',
        status: 'done',
        memberStates: ['CH', 'GM'],
        organisations: ['ITU'],
        topics: ['Multistakeholder model of Internet governance'],
        notes: 'Open notes',
      });
      await createEngagement(t.deps, owner, {
        kind: 'bilateral_meeting',
        title: 'Mission of Brazil',
        startDate: '2026-10-02',
        status: 'done',
        memberStates: ['BR'],
        restricted: true,
        notes: 'SECRET',
      });
    });
    after(() => t.close());

    test('CSV export: every engagement, formula cells neutralised, restricted notes never; JSON carries values as they are', async () => {
      assert.equal((await viewer.get('/en/admin/engagements/export.csv')).statusCode, 403);
      const csv = await editor.get('/en/admin/engagements/export.csv');
      assert.equal(csv.statusCode, 200);
      assert.match(String(csv.headers['content-type']), /^text\/csv/);
      assert.match(String(csv.headers['content-disposition']), /attachment; filename="engagements-2026-10-20\.csv"/);
      const records: Record<string, string>[] = parse(csv.body, { columns: true });
      assert.deepEqual(Object.keys(records[0] ?? {}), [...transferColumns]);
      assert.equal(records.length, 2);
      const [brazil, cstd] = records;
      assert.equal(brazil?.title, 'Mission of Brazil', 'newest first');
      assert.equal(brazil?.restricted, 'yes');
      assert.equal(brazil?.notes, '', 'restricted notes are not exported');
      assert.equal(cstd?.title, `'=HYPERLINK("https://evil.example","Click")`);
      assert.equal(cstd?.memberStates, 'CH;GM');
      assert.equal(cstd?.organisations, 'ITU');
      assert.equal(cstd?.notes, 'Open notes');
      assert.doesNotMatch(csv.body, /SECRET/);
      const excel = await editor.get('/en/admin/engagements/export.csv?bom=1');
      assert.ok(excel.body.startsWith('\uFEFF'));
      const json = JSON.parse((await editor.get('/en/admin/engagements/export.json')).body) as Record<string, string>[];
      assert.equal(json[1]?.title, '=HYPERLINK("https://evil.example","Click")');
      assert.equal(json[0]?.notes, '');
      const audit = await t.deps.db.selectFrom('audit_events').select('action').where('action', '=', 'engagement.export').execute();
      assert.equal(audit.length, 3);
    });

    test('import: malformed rows are reported with translated reasons, and nothing is stored', async () => {
      const before = await count();
      const file = [
        header,
        row({ kind: 'event_attended', title: 'IGF 2025', startDate: '2025-06-23', endDate: '2025-06-27', status: 'done', memberStates: 'NO' }),
        row({ kind: 'event_attended', title: 'Backwards', startDate: '2025-06-27', endDate: '2025-06-23', status: 'done' }),
        row({ kind: 'bilateral_meeting', title: 'Atlantis', startDate: '2025-01-10', status: 'done', memberStates: 'Atlantis' }),
        row({ kind: 'other', title: '=1+1', startDate: '2025-01-10' }),
        row({ kind: 'other', title: 'Unknown body', startDate: '2025-01-10', organisations: 'World Internet Council' }),
        row({ kind: 'other', title: 'No owner', startDate: '2025-01-10', owner: 'nobody@example.org' }),
      ].join('\r\n');
      const response = await upload('fr', file, false);
      assert.equal(response.statusCode, 400);
      assert.match(response.body, /5 lignes sont refusées\s*\(sur 6\)/);
      const reasons = [...response.body.matchAll(/<tr><td>(\d+)<\/td><td class="wrap">([^<]+)<\/td><\/tr>/g)].map((m) => [Number(m[1]), m[2]]);
      assert.deepEqual(
        reasons.map(([line]) => line),
        [3, 4, 5, 6, 7],
      );
      assert.match(String(reasons[0]?.[1]), /date de fin/i);
      assert.match(String(reasons[1]?.[1]), /Atlantis/);
      assert.match(String(reasons[2]?.[1]), /formule de tableur/);
      assert.match(String(reasons[3]?.[1]), /World Internet Council/);
      assert.equal(await count(), before, 'nothing stored, not even the good row');
    });

    test('import: a dry run records nothing; then the rows are recorded with their counterparts; an export imports back', async () => {
      const before = await count();
      const file = [
        header,
        row({
          kind: 'event_attended',
          title: 'IGF 2025',
          startDate: '2025-06-23',
          endDate: '2025-06-27',
          status: 'done',
          memberStates: 'Norway',
          organisations: 'un  desa',
          owner: 'lena@example.org',
        }),
        row({
          kind: 'submission',
          title: 'Input',
          startDate: '2025-05-01',
          status: 'done',
          externalBody: 'CSTD',
          deadline: '2025-05-15',
          submissionStatus: 'submitted',
          online: 'yes',
        }),
      ].join('\r\n');
      const dry = await upload('en', file, true);
      assert.equal(dry.statusCode, 200);
      assert.match(dry.body, /2 rows checked: all can be recorded/);
      assert.equal(await count(), before);
      const done = await upload('en', file, false);
      assert.equal(done.statusCode, 200);
      assert.match(done.body, /2 engagements recorded/);
      assert.equal(await count(), before + 2);
      const igf = await t.deps.db.selectFrom('engagements').selectAll().where('title', '=', 'IGF 2025').executeTakeFirstOrThrow();
      const states = await t.deps.db.selectFrom('engagement_member_states').select('member_state').where('engagement_id', '=', igf.id).execute();
      assert.deepEqual(
        states.map((s) => s.member_state),
        ['NO'],
      );
      assert.ok(igf.owner_staff_id !== null);
      const exported = (await editor.get('/en/admin/engagements/export.csv')).body;
      const again = await upload('en', exported.replace(/^id,/, '').replace(/\r\n\d+,/g, '\r\n'), true);
      assert.equal(again.statusCode, 200, 'the export’s columns import back');
      assert.match(again.body, /4 rows checked/);
    });

    test('deleting an organisation asks first, and says why one in use cannot be', async () => {
      const orgs = await t.deps.db.selectFrom('engagement_organisations').select(['id', 'name']).execute();
      const itu = orgs.find((o) => o.name === 'ITU')?.id as number;
      const list = await editor.get('/en/admin/engagements/organisations');
      assert.match(list.body, new RegExp(`href="/en/admin/engagements/organisations/${itu}/delete"`));
      const used = await editor.get(`/en/admin/engagements/organisations/${itu}/delete`);
      assert.equal(used.statusCode, 200);
      assert.match(used.body, /is a counterpart of 1 engagement and cannot be deleted/);
      assert.doesNotMatch(used.body, /method="post"[^>]*organisations\/\d+\/delete/);
      await addOrganisation(t.deps, cliActor, 'ECLAC');
      const eclac = (await t.deps.db.selectFrom('engagement_organisations').select('id').where('name', '=', 'ECLAC').executeTakeFirstOrThrow()).id;
      const confirm = await editor.get(`/en/admin/engagements/organisations/${eclac}/delete`);
      assert.match(confirm.body, /No engagement names “ECLAC”/);
      assert.equal((await viewer.get(`/en/admin/engagements/organisations/${eclac}/delete`)).statusCode, 403);
      const deleted = await editor.post(
        `/en/admin/engagements/organisations/${eclac}/delete`,
        {},
        { csrfFrom: `/en/admin/engagements/organisations/${eclac}/delete` },
      );
      assert.equal(deleted.statusCode, 303);
      assert.equal((await t.deps.db.selectFrom('engagement_organisations').select('id').where('id', '=', eclac).executeTakeFirst()) ?? null, null);
    });

    test('a regional group’s dossier: its member states, members and last contact, and its engagements', async () => {
      const network = await t.deps.db.selectFrom('networks').select('id').executeTakeFirstOrThrow();
      const announcement = await t.deps.db
        .insertInto('announcements')
        .values({
          network_id: network.id,
          subject: 'September news',
          markdown: 'Text',
          default_locale: 'en',
          variants: '{}',
          audience: null,
          in_archive: 1,
          status: 'sent',
          scheduled_at: null,
          total: 0,
          created_by: 'test',
          created_at: '2026-10-01T09:00:00Z',
          updated_at: '2026-10-01T09:00:00Z',
          started_at: '2026-10-01T09:00:00Z',
          finished_at: '2026-10-01T10:00:00Z',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await sumReach(t.deps.db, announcement.id, '2026-10-01T10:00:00Z');
      const page = await viewer.get('/en/admin/regional-groups/latin_american_caribbean');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Delivered counts the messages sent to members of the Latin American and Caribbean Group\./);
      assert.match(
        page.body,
        new RegExp(`href="/en/admin/announcements/${announcement.id}"><bdi>September news</bdi></a></th><td>1 October 2026</td><td>0</td>`),
      );
      assert.match(page.body, /Latin American and Caribbean Group: dossier/);
      assert.match(page.body, /Brazil<\/a><\/th><td>0<\/td><td>2 October 2026<\/td>/);
      assert.match(page.body, /Mission of Brazil/);
      assert.doesNotMatch(page.body, /IGF 2025/, 'Norway is not in the group');
      assert.equal((await viewer.get('/en/admin/regional-groups/nowhere')).statusCode, 404);
      for (const locale of ['ar', 'zh', 'fr', 'ru', 'es']) assert.equal((await viewer.get(`/${locale}/admin/regional-groups/african`)).statusCode, 200, locale);
    });
  });
}
