import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dialects } from '../../../test/dialects.ts';
import { createTestApp, type TestApp, type TestClient } from '../../../test/test-app.ts';

const statements = (en: string) => Object.fromEntries(['ar', 'zh', 'en', 'fr', 'ru', 'es'].map((l) => [`statement.${l}`, l === 'en' ? en : '']));

for (const dialect of dialects) {
  describe(`the register in the admin area on ${dialect}`, () => {
    let t: TestApp;
    let editor: TestClient;
    let viewer: TestClient;
    let seeded: Date;
    const fragmentation = async () =>
      (await t.deps.db.selectFrom('register_items').select('id').where('statement', 'like', '%Internet fragmentation%').executeTakeFirstOrThrow()).id;

    before(async () => {
      t = await createTestApp(dialect);
      seeded = t.clock.now();
      editor = await t.signedInClient('editor', 'lena@example.org');
      viewer = await t.signedInClient('viewer', 'viewer@example.org');
    });
    after(() => t.close());

    test('the register page: the demo table by topic, the matrix as SVG with a text alternative, in six languages', async () => {
      const page = await viewer.get('/en/admin/register');
      assert.equal(page.statusCode, 200);
      const html = page.body;
      assert.match(html, /<h2 id="topic-0"><bdi>Multistakeholder model of Internet governance<\/bdi><\/h2>/);
      assert.match(html, /The multistakeholder model is replaced with a multilateral one\./);
      assert.match(html, /Share the success stories: IDNs, new gTLDs\./);
      assert.match(html, /<svg[^>]+role="img" aria-labelledby="matrix-title matrix-desc"/);
      assert.match(html, /Likelihood 3, Impact 5/);
      assert.match(html, /Readiness 4, Potential 5/);
      assert.doesNotMatch(html, /Add a risk or an opportunity/, 'viewers read, editors change');
      const arabic = await viewer.get('/ar/admin/register');
      assert.match(arabic.body, /تجزئة الإنترنت\./);
      const chinese = await viewer.get('/zh/admin/register');
      assert.match(chinese.body, /互联网碎片化。/);
      assert.match((await editor.get('/en/admin/engagements')).body, /href="\/en\/admin\/register"/);
    });

    test('an editor adds an item through the form; bad input comes back translated and stores nothing', async () => {
      const fields = {
        topic: 'Financing mechanisms',
        kind: 'opportunity',
        likelihood: '2',
        impact: '4',
        trend: 'steady',
        ownerStaffId: '',
        actions: '',
        reason: '',
      };
      const before = (await t.deps.db.selectFrom('register_items').select('id').execute()).length;
      const empty = await editor.post('/fr/admin/register/new', { ...fields, ...statements('') }, { csrfFrom: '/fr/admin/register/new' });
      assert.equal(empty.statusCode, 400);
      assert.match(empty.body, /role="alert">Certaines des informations envoyées sont manquantes ou non valides \(Énoncé\)/);
      const scale = await editor.post(
        '/en/admin/register/new',
        { ...fields, likelihood: '9', ...statements('A fund') },
        { csrfFrom: '/en/admin/register/new' },
      );
      assert.equal(scale.statusCode, 400);
      assert.match(scale.body, /\(Likelihood\)/);
      assert.equal((await t.deps.db.selectFrom('register_items').select('id').execute()).length, before);
      assert.equal((await viewer.post('/en/admin/register/new', { ...fields, ...statements('x') }, { csrfFrom: '/en/admin/register' })).statusCode, 403);
      const added = await editor.post(
        '/en/admin/register/new',
        { ...fields, ...statements('A Digital Development Fund') },
        { csrfFrom: '/en/admin/register/new' },
      );
      assert.equal(added.statusCode, 303, added.body);
      const page = await viewer.get(String(added.headers.location));
      assert.match(page.body, /<h1>A Digital Development Fund<\/h1>/);
      assert.match(page.body, /Added to the register/);
    });

    test('a change needs a reason; the history shows who, when, why and what; the register reads as it stood on a date', async () => {
      const id = await fragmentation();
      const url = `/en/admin/register/items/${id}`;
      const fields = {
        topic: 'The unique role of the technical community',
        kind: 'risk',
        likelihood: '4',
        impact: '4',
        trend: 'rising',
        ownerStaffId: '',
        actions: '',
      };
      const keep = { 'statement.en': 'Internet fragmentation.', 'statement.fr': 'La fragmentation de l’Internet.' };
      // Forty days on, sessions signed in today have expired: two new ones.
      t.clock.set(new Date(seeded.getTime() + 40 * 86_400_000));
      const editor = await t.signedInClient('editor', 'omar@example.org');
      const viewer = await t.signedInClient('viewer', 'reader@example.org');
      const noReason = await editor.post(`/ru/admin/register/items/${id}`, { ...fields, ...keep, reason: '' }, { csrfFrom: `/ru/admin/register/items/${id}` });
      assert.equal(noReason.statusCode, 400);
      assert.match(noReason.body, /Укажите причину изменения/);
      const changed = await editor.post(url, { ...fields, ...keep, reason: 'Several proposals for national root zones.' }, { csrfFrom: url });
      assert.equal(changed.statusCode, 303, changed.body);
      const page = await viewer.get(url);
      assert.match(page.body, /Several proposals for national root zones\./);
      assert.match(page.body, /Likelihood: 3 → 4/);
      assert.match(page.body, /Statement: Internet fragmentation\. → Internet fragmentation\./, 'the other languages were removed, the English kept');
      assert.match(page.body, /omar@example\.org/);
      assert.doesNotMatch(page.body, /name="reason"/, 'a viewer gets no form');
      const stored = await t.deps.db.selectFrom('register_items').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      assert.deepEqual(JSON.parse(stored.statement), { en: keep['statement.en'], fr: keep['statement.fr'] });

      const before = new Date(seeded.getTime() + 10 * 86_400_000).toISOString().slice(0, 10);
      const then = await viewer.get(`/en/admin/register?at=${before}`);
      assert.match(then.body, /The register as it stood at the end of/);
      assert.match(then.body, /Likelihood 3, Impact 4/);
      assert.match((await viewer.get('/en/admin/register')).body, /Likelihood 4, Impact 4/);
      assert.equal((await viewer.get('/en/admin/register?at=soon')).statusCode, 400);
      assert.equal((await viewer.get('/en/admin/register/items/999999')).statusCode, 404);
    });
  });
}
