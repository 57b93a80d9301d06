import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dialects } from '../../../test/dialects.ts';
import { createTestApp, type TestApp, type TestClient } from '../../../test/test-app.ts';

/** A multipart body with one file and some fields, as a browser sends it. */
function multipart(file: { name: string; content: Buffer | string }, fields: Record<string, string>) {
  const boundary = '----plenary-test-boundary';
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: text/csv\r\n\r\n`));
  parts.push(Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content));
  parts.push(Buffer.from(`\r\n--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

for (const dialect of dialects) {
  describe(`CSV upload in the admin area on ${dialect}`, () => {
    let t: TestApp;
    let editor: TestClient;
    before(async () => {
      t = await createTestApp(dialect, { UPLOAD_LIMIT_BYTES: String(5 * 1024 * 1024) });
      editor = await t.signedInClient('editor');
    });
    after(async () => {
      await t.close();
    });

    async function upload(content: Buffer | string, fields: Record<string, string> = { status: 'pending' }) {
      const page = await editor.get('/en/admin/members/import');
      const action = /action="([^"]+)" enctype="multipart\/form-data"/.exec(page.body)?.[1]?.replace(/&amp;/g, '&');
      assert.ok(action, 'the upload form carries its CSRF token in the action');
      const body = multipart({ name: 'people.csv', content }, fields);
      return t.app.inject({
        method: 'POST',
        url: action,
        payload: body.payload,
        headers: { 'content-type': body.contentType, cookie: [...editor.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
      });
    }

    async function memberCount() {
      return Number(
        (
          await t.deps.db
            .selectFrom('members')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    }

    test('upload → preview with column mapping → import as a job → result', async () => {
      const csv = 'E-mail,Full name,Country,Lang\nana@example.org,Ana Silva,BR,es\n李伟@例子.广告,李伟,CN,zh\nbad@@example.org,Bad,FR,fr\n';
      const uploaded = await upload(csv, { status: 'subscribed', basis: 'Signed up on paper at the briefing' });
      assert.equal(uploaded.statusCode, 303);
      const previewUrl = String(uploaded.headers.location);
      const preview = await editor.get(previewUrl);
      assert.match(preview.body, /name="map:E-mail"/);
      assert.equal(await memberCount(), 0, 'a preview writes no member');

      const decision = await editor.post(
        previewUrl,
        {
          'map:E-mail': 'email',
          'map:Full name': 'name',
          'map:Country': 'memberState',
          'map:Lang': 'language',
          status: 'subscribed',
          basis: 'Signed up on paper at the briefing',
          intent: 'preview',
        },
        { csrfFrom: previewUrl },
      );
      assert.equal(decision.statusCode, 303);
      const mapped = await editor.get(previewUrl);
      assert.match(mapped.body, /<span class="tile__value">2<\/span><span class="tile__label">new members/);
      assert.match(mapped.body, /more than one @ sign/, 'a rejected row shows its reason');

      const go = await editor.post(
        previewUrl,
        {
          'map:E-mail': 'email',
          'map:Full name': 'name',
          'map:Country': 'memberState',
          'map:Lang': 'language',
          status: 'subscribed',
          basis: 'Signed up on paper at the briefing',
          intent: 'import',
        },
        { csrfFrom: previewUrl },
      );
      assert.equal(go.statusCode, 303);
      const running = await editor.get(previewUrl);
      assert.match(running.body, /http-equiv="refresh"/, 'the progress page reloads itself while the job waits');
      assert.equal(await t.runJobs(), 1);
      const done = await editor.get(previewUrl);
      assert.match(done.body, /The import is complete/);
      assert.equal(await memberCount(), 2);
      const chinese = await t.deps.db.selectFrom('members').selectAll().where('email_key', '=', '李伟@例子.广告').executeTakeFirstOrThrow();
      assert.equal(chinese.status, 'subscribed');
      assert.equal(chinese.consent_basis, 'Signed up on paper at the briefing');
    });

    test('a file in the wrong encoding or malformed is explained and stores nothing', async () => {
      const before = await memberCount();
      const latin1 = await upload(Buffer.from('email,name\njos\xe9@example.org,Jos\xe9\n', 'latin1'));
      assert.equal(latin1.statusCode, 400);
      assert.match(latin1.body, /role="alert"/);
      const malformed = await upload('email,name\n"unclosed@example.org,Oops\nok@example.org,Fine\n');
      assert.equal(malformed.statusCode, 400);
      const uploads = await t.deps.db.selectFrom('member_imports').select('id').execute();
      assert.equal(uploads.length, 1, 'only the earlier good upload is kept');
      assert.equal(await memberCount(), before);
    });

    test('a file of a few megabytes is accepted; one over the limit is refused with 413', async () => {
      const rows = Array.from({ length: 60_000 }, (_, i) => `person${i}@example.org,Person ${i}`).join('\n');
      const fine = await upload(`email,name\n${rows}\n`);
      assert.equal(fine.statusCode, 303, 'a 2 MB file is under the 5 MB limit of this app');
      const big = await upload(`email,name\n${'x'.repeat(6 * 1024 * 1024)}\n`);
      assert.equal(big.statusCode, 413);
      assert.match(big.body, /too large/);
    });

    test('export neutralises formulas for spreadsheets and is audited', async () => {
      const add = await editor.post(
        '/en/admin/members/new',
        { email: 'formula@example.org', name: '=HYPERLINK("http://evil.example","x")', language: 'en', status: 'subscribed', basis: 'test' },
        { csrfFrom: '/en/admin/members/new' },
      );
      assert.equal(add.statusCode, 303);
      const csv = await editor.get('/en/admin/members/export.csv?bom=1');
      assert.equal(csv.statusCode, 200);
      assert.match(String(csv.headers['content-disposition']), /attachment; filename="members-\d{4}-\d{2}-\d{2}\.csv"/);
      assert.ok(csv.body.startsWith('\uFEFF'), 'a BOM for spreadsheets');
      assert.match(csv.body, /'=HYPERLINK/);
      assert.doesNotMatch(csv.body, /,"?=HYPERLINK/);
      const json = await editor.get('/en/admin/members/export.json?status=subscribed');
      const rows = JSON.parse(json.body) as { email: string; status: string }[];
      assert.ok(rows.every((r) => r.status === 'subscribed'));
      assert.ok(rows.some((r) => r.email === '李伟@例子.广告'));
      const audit = await t.deps.db.selectFrom('audit_events').select('action').where('action', '=', 'member.export').execute();
      assert.equal(audit.length, 2);
    });
  });
}

test('a 50 MB upload is refused with 413 under the default limit, and nothing is stored', async () => {
  const t = await createTestApp('sqlite');
  try {
    const editor = await t.signedInClient('editor');
    const page = await editor.get('/en/admin/members/import');
    const action = /action="([^"]+)" enctype="multipart\/form-data"/.exec(page.body)?.[1]?.replace(/&amp;/g, '&') ?? '';
    const body = multipart({ name: 'huge.csv', content: Buffer.alloc(50 * 1024 * 1024, 'a') }, { status: 'pending' });
    const response = await t.app.inject({
      method: 'POST',
      url: action,
      payload: body.payload,
      headers: { 'content-type': body.contentType, cookie: [...editor.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    assert.equal(response.statusCode, 413);
    assert.equal((await t.deps.db.selectFrom('member_imports').select('id').execute()).length, 0);
  } finally {
    await t.close();
  }
});
