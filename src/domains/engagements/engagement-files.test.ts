import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { dialects } from '../../../test/dialects.ts';
import { multipartBody } from '../../../test/multipart.ts';
import { createTestApp, type TestApp, TestClient } from '../../../test/test-app.ts';
import { docxBytes, pdfBytes } from '../../../test/zip-builder.ts';
import { cliActor } from '../audit/audit.service.ts';
import { createEngagement } from './engagement.service.ts';

const lead = { actor: cliActor, staffId: null, role: 'owner' as const };

for (const dialect of dialects) {
  describe(`engagement files on ${dialect}`, () => {
    let t: TestApp;
    let editor: TestClient;
    let colleague: TestClient;
    let viewer: TestClient;
    let owner: TestClient;
    const storedFiles = () => {
      const dir = path.join(t.deps.config.dataDir, 'engagements');
      return fs.existsSync(dir) ? fs.readdirSync(dir, { recursive: true }).filter((f) => /^[0-9a-f-]{36}$/.test(path.basename(String(f)))) : [];
    };

    before(async () => {
      t = await createTestApp(dialect, { RESOURCE_FILE_LIMIT_BYTES: String(16 * 1024) });
      t.clock.set(new Date('2026-10-20T09:00:00Z'));
      editor = await t.signedInClient('editor', 'lena@example.org');
      colleague = await t.signedInClient('editor', 'omar@example.org');
      viewer = await t.signedInClient('viewer', 'viewer@example.org');
      owner = await t.signedInClient('owner', 'owner@example.org');
    });
    after(() => t.close());

    /** Uploads as `client` would, through the form on the engagement's page (its action carries the CSRF token). */
    async function upload(client: TestClient, engagementId: number, file?: { name: string; content: Buffer; type?: string }) {
      const page = await client.get(`/en/admin/engagements/${engagementId}`);
      const action = /action="([^"]+)" enctype="multipart\/form-data"/.exec(page.body)?.[1]?.replace(/&amp;/g, '&');
      assert.ok(action, 'the form carries its CSRF token in its action');
      const body = multipartBody({}, file);
      return t.app.inject({
        method: 'POST',
        url: action,
        payload: body.payload,
        headers: { 'content-type': body.contentType, cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
      });
    }

    test('staff attach a file by the resources’ rules; it is served with its stored type, nosniff, a sandbox and its name; removing it removes its bytes', async () => {
      const row = await createEngagement(t.deps, lead, {
        kind: 'event_attended',
        title: 'CSTD 28',
        startDate: '2025-04-07',
        endDate: '2025-04-11',
        status: 'done',
      });
      const added = await upload(editor, row.id, { name: 'Programme «CSTD» 28.pdf', content: pdfBytes('Agenda'), type: 'text/html' });
      assert.equal(added.statusCode, 303, added.body);
      assert.equal(added.headers.location, `/en/admin/engagements/${row.id}?fileAdded=1#files`);
      const page = await viewer.get(`/en/admin/engagements/${row.id}`);
      const href = new RegExp(`href="(/en/admin/engagements/${row.id}/files/(\\d+))"><bdi>Programme «CSTD» 28.pdf</bdi>`).exec(page.body);
      assert.ok(href, 'listed with its name');
      assert.doesNotMatch(page.body, /enctype="multipart\/form-data"/, 'a viewer has no upload form');
      const served = await viewer.get(href[1]!);
      assert.equal(served.statusCode, 200);
      assert.equal(served.headers['content-type'], 'application/pdf', 'the type read from its bytes, not the browser’s claim');
      assert.equal(served.headers['x-content-type-options'], 'nosniff');
      assert.match(String(served.headers['content-security-policy']), /sandbox/);
      assert.equal(
        served.headers['content-disposition'],
        `inline; filename="Programme _CSTD_ 28.pdf"; filename*=UTF-8''${encodeURIComponent('Programme «CSTD» 28.pdf')}`,
      );
      assert.equal(served.headers['cache-control'], 'private, no-store');
      assert.ok(served.rawPayload.equals(pdfBytes('Agenda')));
      const word = await upload(editor, row.id, { name: 'letter.docx', content: docxBytes('Thank you') });
      assert.equal(word.statusCode, 303);
      assert.equal(storedFiles().length, 2);

      // Refused before anything is stored: a page disguised as a PDF, a file over the limit, no file at all.
      const html = await upload(editor, row.id, {
        name: 'agenda.pdf',
        content: Buffer.from('<html><script>alert(1)</script></html>'),
        type: 'application/pdf',
      });
      assert.equal(html.statusCode, 415);
      const big = await upload(editor, row.id, { name: 'big.pdf', content: Buffer.concat([pdfBytes(), Buffer.alloc(20 * 1024)]) });
      assert.equal(big.statusCode, 413);
      assert.match(big.body, /16 KB|MB/);
      assert.equal((await upload(editor, row.id)).statusCode, 400);
      assert.equal(storedFiles().length, 2, 'nothing refused is stored');
      const rows = await t.deps.db.selectFrom('engagement_files').selectAll().where('engagement_id', '=', row.id).orderBy('id').execute();
      assert.deepEqual(
        rows.map((r) => [r.file_name, r.file_type, r.uploaded_by]),
        [
          ['Programme «CSTD» 28.pdf', 'application/pdf', 'lena@example.org'],
          ['letter.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'lena@example.org'],
        ],
      );
      const docx = await viewer.get(`/en/admin/engagements/${row.id}/files/${rows[1]!.id}`);
      assert.match(String(docx.headers['content-disposition']), /^attachment; /, 'office files are downloads');

      const other = await createEngagement(t.deps, lead, { kind: 'other', title: 'Other', startDate: '2026-01-01' });
      assert.equal((await viewer.get(`/en/admin/engagements/${other.id}/files/${rows[0]!.id}`)).statusCode, 404, 'a file is read through its own engagement');
      assert.equal((await new TestClient(t.app).get(href[1]!)).statusCode, 302, 'signed-in staff only');
      const viewerRemoves = await viewer.post(
        `/en/admin/engagements/${row.id}/files/${rows[0]!.id}/delete`,
        {},
        { csrfFrom: `/en/admin/engagements/${row.id}` },
      );
      assert.equal(viewerRemoves.statusCode, 403);
      const removed = await editor.post(`/en/admin/engagements/${row.id}/files/${rows[0]!.id}/delete`, {}, { csrfFrom: `/en/admin/engagements/${row.id}` });
      assert.equal(removed.statusCode, 303);
      assert.equal((await viewer.get(href[1]!)).statusCode, 404);
      assert.equal(storedFiles().length, 1, 'its bytes are gone');
      const audit = await t.deps.db.selectFrom('audit_events').select('action').where('subject', '=', `engagement:${row.id}`).orderBy('id').execute();
      assert.deepEqual(
        audit.map((a) => a.action).filter((a) => a.startsWith('engagement.file')),
        ['engagement.file_added', 'engagement.file_added', 'engagement.file_removed'],
      );
      for (const locale of ['ar', 'zh', 'fr', 'ru', 'es'])
        assert.match((await viewer.get(`/${locale}/admin/engagements/${row.id}`)).body, /id="files"/, locale);
    });

    test('a restricted engagement’s files are kept like its notes: listed, served and changed only with the right, and each read is audited', async () => {
      const lenaId = (await t.deps.db.selectFrom('staff_accounts').select('id').where('email', '=', 'lena@example.org').executeTakeFirstOrThrow()).id;
      const row = await createEngagement(t.deps, lead, {
        kind: 'bilateral_meeting',
        title: 'Closed meeting',
        startDate: '2026-10-02',
        status: 'done',
        ownerStaffId: lenaId,
        restricted: true,
        notes: 'Confidential.',
      });
      assert.equal((await upload(editor, row.id, { name: 'minutes.pdf', content: pdfBytes('Minutes') })).statusCode, 303);
      const file = await t.deps.db.selectFrom('engagement_files').select('id').where('engagement_id', '=', row.id).executeTakeFirstOrThrow();
      const url = `/en/admin/engagements/${row.id}/files/${file.id}`;
      for (const [who, client] of [
        ['a viewer', viewer],
        ['another editor', colleague],
      ] as const) {
        const page = await client.get(`/en/admin/engagements/${row.id}`);
        assert.doesNotMatch(page.body, /minutes\.pdf/, `${who} does not see its name`);
        assert.match(page.body, /its files, like its notes/);
        assert.equal((await client.get(url)).statusCode, 403, who);
      }
      const colleagueRemoves = await colleague.post(`${url}/delete`, {}, { csrfFrom: `/en/admin/engagements/${row.id}` });
      assert.equal(colleagueRemoves.statusCode, 403);
      const before = await t.deps.db.selectFrom('audit_events').select('id').where('action', '=', 'engagement.read_restricted').execute();
      assert.equal((await owner.get(url)).statusCode, 200, 'a staff owner reads it');
      assert.equal((await editor.get(url)).statusCode, 200, 'its staff owner reads it');
      const reads = await t.deps.db
        .selectFrom('audit_events')
        .select(['actor_label', 'details'])
        .where('action', '=', 'engagement.read_restricted')
        .orderBy('id')
        .execute();
      assert.equal(reads.length - before.length, 2, 'each read of a restricted file is in the audit log');
      assert.ok(reads.slice(-2).every((r) => String(r.details).includes(`"fileId":${file.id}`)));
    });
  });
}
