import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dialects } from '../../../test/dialects.ts';
import { createTestApp, type TestApp, type TestClient } from '../../../test/test-app.ts';
import { cliActor } from '../audit/audit.service.ts';
import { findCurrentNetwork } from '../site/site.repository.ts';
import { addMember, updatePreferences } from './member.service.ts';
import { type ImportOptions, importMembers } from './member-import.ts';

const csv = 'email,name,memberState,stakeholderGroup,organisation,title,language\nANA@example.org,Ana From CSV,KE,government,CSV Mission,CSV Title,en\n';

function multipart(content: string, fields: Record<string, string>) {
  const boundary = '----plenary-merge-boundary';
  const parts: string[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`);
  parts.push(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="merge.csv"\r\nContent-Type: text/csv\r\n\r\n${content}\r\n--${boundary}--\r\n`,
  );
  return { payload: Buffer.from(parts.join('')), contentType: `multipart/form-data; boundary=${boundary}` };
}

for (const dialect of dialects) {
  describe(`import merge rules on ${dialect}`, () => {
    let t: TestApp;
    let editor: TestClient;
    before(async () => {
      t = await createTestApp(dialect);
      editor = await t.signedInClient('editor');
    });
    after(async () => {
      await t.close();
    });

    /** A member who set their own name, member state and language on the preferences page, and left the rest empty. */
    async function ana() {
      await t.deps.db.deleteFrom('members').where('email_key', '=', 'ana@example.org').execute();
      const m = await addMember(t.deps, cliActor, { email: 'ana@example.org', name: 'Ana', language: 'en' }, { status: 'subscribed', basis: 'x' });
      await updatePreferences(t.deps, m, { name: 'Ana Own Choice', memberState: 'FR', language: 'fr', organisation: '', jobTitle: '' });
      return m.id;
    }
    const read = (id: number) => t.deps.db.selectFrom('members').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    async function run(options: Partial<ImportOptions>) {
      const networkId = (await findCurrentNetwork(t.deps.db))!.id;
      return importMembers(t.deps, csv, { networkId, dryRun: false, status: 'pending', actorLabel: 'test', ...options });
    }

    test('by default an import fills empty fields only, and the report lists each change (old → new)', async () => {
      const id = await ana();
      const preview = await run({ dryRun: true });
      assert.equal(preview.updated, 1);
      assert.deepEqual(preview.changes, [
        {
          row: 2,
          email: 'ana@example.org',
          fields: [
            { field: 'stakeholder_group', from: null, to: 'government' },
            { field: 'organisation', from: '', to: 'CSV Mission' },
            { field: 'job_title', from: '', to: 'CSV Title' },
          ],
        },
      ]);
      await run({});
      const after = await read(id);
      assert.deepEqual(
        [after.name, after.member_state, after.language, after.organisation, after.job_title, after.stakeholder_group, after.status],
        ['Ana Own Choice', 'FR', 'fr', 'CSV Mission', 'CSV Title', 'government', 'subscribed'],
      );
    });

    test('overwriting is a choice; the member’s language and status are never overwritten', async () => {
      const id = await ana();
      const report = await run({ overwrite: true });
      assert.deepEqual(
        report.changes[0]?.fields.map((f) => f.field),
        ['name', 'member_state', 'stakeholder_group', 'organisation', 'job_title'],
      );
      const after = await read(id);
      assert.deepEqual([after.name, after.member_state, after.regional_group], ['Ana From CSV', 'KE', 'african']);
      assert.equal(after.language, 'fr', 'the language the member chose stays');
      assert.equal(after.status, 'subscribed');
      assert.equal(after.consent_basis, 'x');
    });

    test('the admin preview names the member and each field that changes; overwriting is a checkbox', async () => {
      const id = await ana();
      const page = await editor.get('/en/admin/members/import');
      const action = /action="([^"]+)" enctype="multipart\/form-data"/.exec(page.body)?.[1]?.replace(/&amp;/g, '&');
      assert.ok(action);
      assert.match(page.body, /name="overwrite"/);
      const body = multipart(csv, { status: 'pending' });
      const uploaded = await t.app.inject({
        method: 'POST',
        url: action,
        payload: body.payload,
        headers: { 'content-type': body.contentType, cookie: [...editor.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
      });
      assert.equal(uploaded.statusCode, 303);
      const previewUrl = String(uploaded.headers.location);
      await t.runJobs(); // the dry run, wherever it runs
      const preview = await editor.get(previewUrl);
      assert.match(preview.body, /ana@example\.org/);
      assert.match(preview.body, /Organisation/);
      assert.match(preview.body, /CSV Mission/);
      assert.doesNotMatch(preview.body, /Ana From CSV/, 'the name is not changed by default, so not listed');
      const previewed = await editor.post(previewUrl, { status: 'pending', overwrite: 'yes', intent: 'preview' }, { csrfFrom: previewUrl });
      assert.equal(previewed.statusCode, 303);
      await t.runJobs();
      const overwriting = await editor.get(previewUrl);
      assert.match(overwriting.body, /Ana Own Choice → Ana From CSV/);
      const imported = await editor.post(previewUrl, { status: 'pending', overwrite: 'yes', intent: 'import' }, { csrfFrom: previewUrl });
      assert.equal(imported.statusCode, 303);
      await t.runJobs();
      const after = await read(id);
      assert.equal(after.name, 'Ana From CSV');
      assert.equal(after.language, 'fr');
    });
  });
}
