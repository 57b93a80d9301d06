import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dialects } from '../../../test/dialects.ts';
import { multipartBody } from '../../../test/multipart.ts';
import { createTestApp, type TestApp, type TestClient } from '../../../test/test-app.ts';
import { pdfBytes } from '../../../test/zip-builder.ts';

const multipart = multipartBody;

const arabicTitle = 'الاستعراض الشامل للقمة العالمية';
const arabicSlug = 'الاستعراض-الشامل-للقمة-العالمية';

for (const dialect of dialects) {
  describe(`resource pages on ${dialect}`, () => {
    let t: TestApp;
    let editor: TestClient;
    let viewer: TestClient;
    const count = async () =>
      Number(
        (
          await t.deps.db
            .selectFrom('resources')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );

    before(async () => {
      t = await createTestApp(dialect, { RESOURCE_FILE_LIMIT_BYTES: String(16 * 1024) });
      editor = await t.signedInClient('editor');
      viewer = await t.signedInClient('viewer');
    });
    after(() => t.close());

    /** Posts the resource form as `client` would, with the CSRF token the form page carries in its action. */
    async function submit(client: TestClient, formPath: string, fields: Record<string, string>, file?: { name: string; content: Buffer; type?: string }) {
      const page = await client.get(formPath);
      const action = /action="([^"]+)" enctype="multipart\/form-data"/.exec(page.body)?.[1]?.replace(/&amp;/g, '&');
      assert.ok(action, 'the form carries its CSRF token in its action');
      const body = multipart(fields, file);
      return t.app.inject({
        method: 'POST',
        url: action,
        payload: body.payload,
        headers: { 'content-type': body.contentType, cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
      });
    }

    const fields = (extra: Record<string, string> = {}) => ({
      kind: 'submission',
      status: 'published',
      sourceLocale: 'en',
      'title.en': 'Our contribution to the WSIS+20 zero draft',
      'summary.en': 'What the technical community asked the co-facilitators for.',
      'body.en': 'We ask for the **multistakeholder** model. <script>alert(1)</script> [x](javascript:alert(1))',
      'title.ar': arabicTitle,
      submittedTo: 'Co-facilitators of the WSIS+20 review',
      submittedOn: '2025-08-15',
      topics: 'Multistakeholder model',
      ...extra,
    });

    test('the Resources area is real: a list for every role, the form for editors only', async () => {
      const seeded = await count();
      const list = await viewer.get('/en/admin/resources');
      assert.equal(list.statusCode, 200);
      assert.doesNotMatch(list.body, /not available in this version/);
      assert.match(list.body, /aria-current="page"[^>]*>Resources</);
      assert.doesNotMatch(list.body, /Add a resource/);
      assert.match((await editor.get('/en/admin/resources')).body, /Add a resource/);
      assert.equal((await viewer.get('/en/admin/resources/new')).statusCode, 403);
      const noToken = multipart(fields());
      const refused = await t.app.inject({
        method: 'POST',
        url: '/en/admin/resources/new',
        payload: noToken.payload,
        headers: { 'content-type': noToken.contentType, cookie: [...editor.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
      });
      assert.equal(refused.statusCode, 403, 'no CSRF token, no resource');
      assert.equal(await count(), seeded);
    });

    test('an editor publishes a submission with a PDF; the public page is safe, translated where it can be, and honest about the rest', async () => {
      const created = await submit(editor, '/en/admin/resources/new', fields(), { name: 'contribution.pdf', content: pdfBytes(), type: 'application/pdf' });
      assert.equal(created.statusCode, 303, created.body);
      const id = Number(/\/admin\/resources\/(\d+)/.exec(String(created.headers.location))?.[1]);
      const detail = await viewer.get(`/en/admin/resources/${id}`);
      assert.match(detail.body, /contribution\.pdf/);
      assert.match(detail.body, /Co-facilitators of the WSIS\+20 review/);

      const en = await t.app.inject({ url: '/en/resources/our-contribution-to-the-wsis-20-zero-draft' });
      assert.equal(en.statusCode, 200);
      assert.match(en.body, /<strong>multistakeholder<\/strong>/);
      assert.doesNotMatch(en.body, /<script>alert|href="javascript:/);
      assert.match(en.body, /Submitted to .*Co-facilitators of the WSIS\+20 review.* on 15 August 2025/);
      const hreflangs = [...en.body.matchAll(/rel="alternate" hrefLang="(\w+)" href="([^"]+)"/gi)].map((m) => m[1]);
      assert.deepEqual(hreflangs.sort(), ['ar', 'en'], 'alternates only for the real translations');
      assert.match(en.body, new RegExp(`href="/ar/resources/${encodeURIComponent(arabicSlug)}"`));

      assert.match(en.body, /<link rel="canonical" href="http:\/\/localhost:3000\/en\/resources\/our-contribution-to-the-wsis-20-zero-draft"\/>/);
      assert.match(en.body, /<meta property="og:title" content="Our contribution to the WSIS\+20 zero draft"\/>/);
      assert.match(en.body, /<meta property="og:locale" content="en_GB"\/>/);
      const ld = /<script type="application\/ld\+json">([^<]*)<\/script>/.exec(en.body)?.[1] ?? '';
      assert.equal((JSON.parse(ld) as { '@type': string; publisher: { '@type': string } }).publisher['@type'], 'Organization');
      const ar = await t.app.inject({ url: `/ar/resources/${encodeURIComponent(arabicSlug)}` });
      assert.equal(ar.statusCode, 200, 'an Arabic slug in the URL finds its resource');
      assert.match(ar.body, /<html lang="ar" dir="rtl">/);
      assert.match(ar.body, new RegExp(`<h1 id="resource-title">${arabicTitle}</h1>`));
      assert.doesNotMatch(ar.body, /fallback-note/);

      const fr = await t.app.inject({ url: '/fr/resources/our-contribution-to-the-wsis-20-zero-draft' });
      assert.equal(fr.statusCode, 200);
      assert.match(fr.body, /Cette ressource n’est pas encore disponible en français ; elle est présentée en anglais\./);
      assert.match(fr.body, /<div lang="en" dir="ltr"><h1 id="resource-title">Our contribution/);
      assert.match(
        fr.body,
        /<link rel="canonical" href="http:\/\/localhost:3000\/en\/resources\/our-contribution-to-the-wsis-20-zero-draft"\/>/,
        'a fallback page names the version it shows as canonical',
      );

      const moved = await t.app.inject({ url: '/ar/resources/our-contribution-to-the-wsis-20-zero-draft' });
      assert.equal(moved.statusCode, 301);
      assert.equal(moved.headers.location, `/ar/resources/${encodeURIComponent(arabicSlug)}`);

      const library = await t.app.inject({ url: '/zh/resources' });
      assert.match(library.body, /Our contribution to the WSIS\+20 zero draft/);
      assert.match(library.body, /语言：英语/, 'the list says which language a fallback is in');

      const file = await t.app.inject({ url: `/en/resources/our-contribution-to-the-wsis-20-zero-draft/file` });
      assert.equal(file.statusCode, 200);
      assert.equal(file.headers['content-type'], 'application/pdf');
      assert.equal(file.headers['x-content-type-options'], 'nosniff');
      assert.match(String(file.headers['content-security-policy']), /sandbox/);
      assert.equal(file.headers['content-disposition'], `inline; filename="contribution.pdf"; filename*=UTF-8''contribution.pdf`);
      assert.deepEqual(file.rawPayload, pdfBytes());
    });

    test('a file that is not what its name says, a file over the limit and a taken slug: translated errors, the form as typed, nothing stored', async () => {
      const before = await count();
      const disguised = await submit(editor, '/fr/admin/resources/new', fields({ 'title.en': 'Disguised', 'title.ar': '' }), {
        name: 'rapport.pdf',
        content: Buffer.from('<!doctype html><script>alert(document.cookie)</script>'),
        type: 'application/pdf',
      });
      assert.equal(disguised.statusCode, 415);
      assert.match(disguised.body, /Le fichier « rapport\.pdf » n’est ni un PDF/);
      assert.match(disguised.body, /value="Disguised"/, 'what was typed comes back');
      assert.match(disguised.body, /id="file"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="file"/);

      const big = await submit(editor, '/ar/admin/resources/new', fields({ 'title.en': 'Too big', 'title.ar': '' }), {
        name: 'big.pdf',
        content: Buffer.concat([pdfBytes(), Buffer.alloc(200 * 1024, 0x20)]),
      });
      assert.equal(big.statusCode, 413);
      assert.match(big.body, /يتجاوز حجم الملف 1 ميغابايت|يتجاوز حجم الملف ١ ميغابايت/);
      assert.match(big.body, /value="Too big"/);

      const taken = await submit(editor, '/en/admin/resources/new', fields({ 'title.ar': '' }));
      assert.equal(taken.statusCode, 409);
      assert.match(taken.body, /Another resource already has the address “our-contribution-to-the-wsis-20-zero-draft” in this language/);

      const badLink = await submit(editor, '/es/admin/resources/new', fields({ 'title.en': 'Link', 'title.ar': '', externalUrl: 'javascript:alert(1)' }));
      assert.equal(badLink.statusCode, 400);
      assert.match(badLink.body, /\(Enlace externo\)/);
      assert.equal(await count(), before);
      assert.equal((await t.app.inject({ url: '/en/resources/disguised' })).statusCode, 404);
    });

    test('a draft is not public; an editor publishes, unpublishes and deletes it after confirming, each audited', async () => {
      const created = await submit(editor, '/en/admin/resources/new', {
        kind: 'fact_sheet',
        status: 'draft',
        sourceLocale: 'zh',
        'title.zh': '互联网治理论坛',
        'summary.zh': '关于互联网治理论坛的概况介绍。',
      });
      assert.equal(created.statusCode, 303, created.body);
      const id = Number(/\/admin\/resources\/(\d+)/.exec(String(created.headers.location))?.[1]);
      const url = `/zh/resources/${encodeURIComponent('互联网治理论坛')}`;
      assert.equal((await t.app.inject({ url })).statusCode, 404, 'a draft is for staff only');
      assert.equal((await viewer.post(`/en/admin/resources/${id}/status`, { status: 'published' }, { csrfFrom: `/en/admin/resources/${id}` })).statusCode, 403);
      const published = await editor.post(`/en/admin/resources/${id}/status`, { status: 'published' }, { csrfFrom: `/en/admin/resources/${id}` });
      assert.equal(published.statusCode, 303);
      const page = await t.app.inject({ url });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<title>互联网治理论坛 · /);
      await editor.post(`/en/admin/resources/${id}/status`, { status: 'draft' }, { csrfFrom: `/en/admin/resources/${id}` });
      assert.equal((await t.app.inject({ url })).statusCode, 404);
      const confirm = await editor.get(`/en/admin/resources/${id}/delete`);
      assert.match(confirm.body, /Delete .*互联网治理论坛.*\? Its version and its file go with it/);
      const deleted = await editor.post(`/en/admin/resources/${id}/delete`, {}, { csrfFrom: `/en/admin/resources/${id}/delete` });
      assert.equal(deleted.statusCode, 303);
      assert.equal((await editor.get(`/en/admin/resources/${id}`)).statusCode, 404);
      const actions = (await t.deps.db.selectFrom('audit_events').select('action').where('subject', '=', `resource:${id}`).orderBy('id').execute()).map(
        (a) => a.action,
      );
      assert.deepEqual(actions, ['resource.created', 'resource.published', 'resource.unpublished', 'resource.deleted']);
    });

    test('an Atom feed per locale lists published resources, each in the reader’s language or the fallback', async () => {
      const feed = await t.app.inject({ url: '/fr/resources/feed.atom' });
      assert.equal(feed.statusCode, 200);
      assert.equal(feed.headers['content-type'], 'application/atom+xml; charset=utf-8');
      assert.match(
        feed.body,
        /<feed xmlns="http:\/\/www\.w3\.org\/2005\/Atom" xml:lang="fr"><id>http:\/\/localhost:3000\/fr\/resources\/feed\.atom<\/id><title>Ressources de /,
      );
      assert.match(feed.body, /<title xml:lang="fr">Qu’est-ce que l’examen WSIS\+20 \?<\/title>/);
      assert.match(
        feed.body,
        /<title xml:lang="en">Our contribution to the WSIS\+20 zero draft<\/title>/,
        'no French version: the English one, marked as such',
      );
      assert.match(feed.body, /<category term="submission" label="Contribution"\/>/);
      assert.doesNotMatch(feed.body, /<script|&lt;script&gt;alert/);
      assert.doesNotMatch(feed.body, /互联网治理论坛<\/title>/, 'drafts are not in the feed');
      assert.match((await t.app.inject({ url: '/fr/resources' })).body, /href="\/fr\/resources\/feed\.atom"/);
    });
  });
}
