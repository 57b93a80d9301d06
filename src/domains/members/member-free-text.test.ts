import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dialects } from '../../../test/dialects.ts';
import { createTestApp, type TestApp, type TestClient } from '../../../test/test-app.ts';
import { createApiToken } from '../api/api-token.service.ts';
import { cliActor } from '../audit/audit.service.ts';
import { memberColumns } from './member-record.ts';
import { storeUpload } from './member-upload.service.ts';

// Free text people type, with what the sanitiser must take out: NUL, ESC, a C1 control, an override, an isolate.
const dirty = (text: string) => `\u202E${text}\u0000\u001b\u0085\u2066`;

describe('member columns', () => {
  test('name, organisation and job title are cleaned by the shared sanitiser', () => {
    const columns = memberColumns({
      email: 'amina@example.org',
      name: dirty('Amina Wanjiru'),
      organisation: `Mission\r\nof\tKenya${dirty('')}`,
      jobTitle: dirty('Counsellor'),
      language: 'en',
    });
    assert.equal(columns.name, 'Amina Wanjiru');
    assert.equal(columns.organisation, 'Mission of Kenya');
    assert.equal(columns.job_title, 'Counsellor');
    assert.equal(columns.search_text, 'amina wanjiru amina@example.org amina@example.org mission of kenya');
  });
});

for (const dialect of dialects) {
  describe(`free text staff type is cleaned on ${dialect}`, () => {
    let t: TestApp;
    let editor: TestClient;
    before(async () => {
      t = await createTestApp(dialect);
      editor = await t.signedInClient('editor');
    });
    after(async () => {
      await t.close();
    });

    test("a source's label", async () => {
      const created = await editor.post('/en/admin/sources', { tag: 'hlgm-2024', label: dirty('High-level meeting') }, { csrfFrom: '/en/admin/sources' });
      assert.equal(created.statusCode, 303);
      const row = await t.deps.db.selectFrom('sources').select('label').where('tag', '=', 'hlgm-2024').executeTakeFirstOrThrow();
      assert.equal(row.label, 'High-level meeting');
    });

    test("an upload's file name and lawful basis", async () => {
      const row = await storeUpload(t.deps, cliActor, {
        filename: dirty('members.csv'),
        bytes: new TextEncoder().encode('email,name\na@example.org,A\n'),
        options: { status: 'subscribed', basis: dirty('Paper forms at the briefing'), overwrite: false, columnMap: {} },
        locale: 'en',
      });
      assert.equal(row.filename, 'members.csv');
      assert.equal((JSON.parse(row.options) as { basis: string }).basis, 'Paper forms at the briefing');
    });

    test("an API token's name", async () => {
      const { row } = await createApiToken(t.deps, cliActor, { name: dirty('dashboard'), role: 'viewer' });
      assert.equal(row.name, 'dashboard');
    });
  });
}
