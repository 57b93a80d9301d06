import assert from 'node:assert/strict';
import { monitorEventLoopDelay } from 'node:perf_hooks';
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
      const checking = await editor.get(previewUrl);
      assert.match(checking.body, /Checking the file/, 'the dry run runs as a job; the page shows its progress');
      assert.match(checking.body, /http-equiv="refresh"/);
      assert.equal(await t.runJobs(), 1);
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
      assert.match((await editor.get(previewUrl)).body, /Checking the file/, 'a new mapping is previewed by a job too');
      assert.equal(await t.runJobs(), 1);
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

    test('a file in the wrong encoding is refused and stored nowhere; a malformed one is explained by its preview', async () => {
      const before = await memberCount();
      const uploadsBefore = (await t.deps.db.selectFrom('member_imports').select('id').execute()).length;
      const latin1 = await upload(Buffer.from('email,name\njos\xe9@example.org,Jos\xe9\n', 'latin1'));
      assert.equal(latin1.statusCode, 400);
      assert.match(latin1.body, /role="alert"/);
      assert.equal((await t.deps.db.selectFrom('member_imports').select('id').execute()).length, uploadsBefore, 'a file that is not UTF-8 is not kept');
      // Broken CSV is found by parsing, which the dry-run job does: its preview says where, and offers no import.
      const malformed = await upload('email,name\n"unclosed@example.org,Oops\nok@example.org,Fine\n');
      assert.equal(malformed.statusCode, 303);
      await t.runJobs();
      const preview = await editor.get(String(malformed.headers.location));
      assert.match(preview.body, /role="alert">[^<]*line 2/);
      assert.doesNotMatch(preview.body, /value="import"/);
      assert.equal(await memberCount(), before);
    });

    test('a large file: the upload answers at once, the dry run keeps the event loop free, the preview is right', async (context) => {
      const membersBefore = await memberCount();
      // ~4.3 MB: 100,000 rows, every 1,000th with a bad address and every 500th repeating the row before it.
      const total = 100_000;
      const lines = ['email,name,organisation,memberState'];
      for (let i = 1; i <= total; i++) {
        if (i % 1000 === 0) lines.push(`broken${i}@@example.org,Broken ${i},Org ${i},FR`);
        else if (i % 500 === 0) lines.push(lines[lines.length - 1] as string);
        else lines.push(`l${i}@example.org,Person ${i},Org ${i},KE`);
      }
      const csv = `${lines.join('\n')}\n`;
      assert.ok(csv.length > 4_000_000 && csv.length < 5 * 1_048_576, `${csv.length} bytes, under this app's 5 MB limit`);
      const started = performance.now();
      const uploaded = await upload(csv);
      const answeredMs = performance.now() - started;
      assert.equal(uploaded.statusCode, 303);
      assert.ok(answeredMs < 3000, `the upload answered in ${Math.round(answeredMs)} ms`);
      const progress = await editor.get(String(uploaded.headers.location));
      assert.match(progress.body, /Checking the file/);
      assert.match(progress.body, /http-equiv="refresh"/);

      // While the dry run runs (in this process, as WORKER_IN_PROCESS does), other requests are answered.
      const delay = monitorEventLoopDelay({ resolution: 10 });
      const slowest = { ms: 0 };
      let running = true;
      const visitor = (async () => {
        while (running) {
          const at = performance.now();
          const page = await t.app.inject({ method: 'GET', url: '/en/join' });
          assert.equal(page.statusCode, 200);
          slowest.ms = Math.max(slowest.ms, performance.now() - at);
          await new Promise((r) => setTimeout(r, 20));
        }
      })();
      delay.enable();
      const parseStarted = performance.now();
      assert.equal(await t.runJobs(), 1);
      const parseMs = performance.now() - parseStarted;
      delay.disable();
      running = false;
      await visitor;
      const maxDelayMs = delay.max / 1e6;
      context.diagnostic(
        `${dialect}: upload answered in ${Math.round(answeredMs)} ms; dry run of ${total} rows ${Math.round(parseMs)} ms with a max event-loop delay of ${Math.round(maxDelayMs)} ms; slowest join page ${Math.round(slowest.ms)} ms`,
      );
      // The defect was a dry run that held the event loop for the whole file (10.9 s for 20 MB). Yielding every
      // batch keeps each pause to milliseconds on a quiet machine; the bound leaves room for a loaded CI
      // runner (277 ms was seen there) while still failing on a parse that blocks. Speed is bench/'s business.
      assert.ok(maxDelayMs < 1000, `max event-loop delay ${Math.round(maxDelayMs)} ms during the dry run`);

      const upload_ = await t.deps.db.selectFrom('member_imports').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow();
      assert.equal(upload_.status, 'previewed');
      const report = JSON.parse(upload_.report ?? 'null') as { accepted: number; duplicates: unknown[]; rejected: { row: number }[] };
      assert.equal(report.rejected.length, 100);
      assert.equal(report.rejected[0]?.row, 1001, 'data row 1,000 is spreadsheet row 1,001 (the header is row 1)');
      assert.equal(report.duplicates.length, 100);
      assert.equal(report.accepted, total - 200);
      const preview = await editor.get(String(uploaded.headers.location));
      assert.match(preview.body, /<span class="tile__value">99,800<\/span><span class="tile__label">new members/);
      assert.equal(await memberCount(), membersBefore, 'a dry run writes no member');
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
