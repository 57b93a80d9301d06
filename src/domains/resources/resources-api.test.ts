import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dialects } from '../../../test/dialects.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { createApiToken } from '../api/api-token.service.ts';
import { cliActor } from '../audit/audit.service.ts';

function call(t: TestApp, method: 'GET' | 'POST', url: string, token: string | null, body?: unknown) {
  return t.app.inject({
    method,
    url,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
  });
}

// The issue's own example request.
const factSheet = {
  type: 'fact_sheet',
  title: { en: 'Enhanced cooperation', zh: '加强合作' },
  summary: { en: 'What the term means in the Tunis Agenda.' },
  body: { en: 'Paragraphs 69 to 71 of the **Tunis Agenda**. <script>alert(1)</script>' },
  topics: ['WSIS+20 review'],
  status: 'published',
};

for (const dialect of dialects) {
  describe(`resources API on ${dialect}`, () => {
    let t: TestApp;
    let viewer: string;
    let editor: string;
    before(async () => {
      t = await createTestApp(dialect, { PUBLIC_URL: 'https://outreach.example.org' });
      viewer = (await createApiToken(t.deps, cliActor, { name: 'dashboard', role: 'viewer' })).token;
      editor = (await createApiToken(t.deps, cliActor, { name: 'cms', role: 'editor' })).token;
    });
    after(() => t.close());

    test('POST /api/v1/resources with an editor token → 201 {id, url}; GET /api/v1/resources/{id}; the public page', async () => {
      assert.equal((await call(t, 'POST', '/api/v1/resources', viewer, factSheet)).statusCode, 403);
      assert.equal((await call(t, 'POST', '/api/v1/resources', null, factSheet)).statusCode, 401);
      const created = await call(t, 'POST', '/api/v1/resources', editor, factSheet);
      assert.equal(created.statusCode, 201, created.body);
      const { id, url } = created.json() as { id: number; url: string };
      assert.equal(url, 'https://outreach.example.org/en/resources/enhanced-cooperation');
      const got = (await call(t, 'GET', `/api/v1/resources/${id}`, viewer)).json() as {
        type: string;
        versions: Record<string, { slug: string }>;
        topics: string[];
      };
      assert.equal(got.type, 'fact_sheet');
      assert.equal(got.versions.zh?.slug, '加强合作');
      assert.deepEqual(got.topics, ['WSIS+20 review']);
      const page = await t.app.inject({ url: `/zh/resources/${encodeURIComponent('加强合作')}` });
      assert.equal(page.statusCode, 200);
      assert.doesNotMatch((await t.app.inject({ url: '/en/resources/enhanced-cooperation' })).body, /<script>alert/);
      const audit = await t.deps.db.selectFrom('audit_events').select(['action', 'actor_label']).where('subject', '=', `resource:${id}`).execute();
      assert.deepEqual(audit, [{ action: 'resource.created', actor_label: 'api:cms' }]);
    });

    test('bad input is refused with its code, and nothing is stored', async () => {
      const before = (await call(t, 'GET', '/api/v1/resources?limit=100', viewer)).json() as { data: unknown[] };
      const taken = await call(t, 'POST', '/api/v1/resources', editor, factSheet);
      assert.equal(taken.statusCode, 409);
      assert.equal((taken.json() as { error: { code: string } }).error.code, 'resource_slug_taken');
      const badType = await call(t, 'POST', '/api/v1/resources', editor, { ...factSheet, type: 'tweet' });
      assert.equal((badType.json() as { error: { code: string } }).error.code, 'invalid_input');
      const badLink = await call(t, 'POST', '/api/v1/resources', editor, { ...factSheet, title: { en: 'Other' }, externalUrl: 'javascript:alert(1)' });
      assert.equal(badLink.statusCode, 400);
      const unknownLocale = await call(t, 'POST', '/api/v1/resources', editor, { ...factSheet, title: { xx: 'Other' } });
      assert.equal(unknownLocale.statusCode, 400);
      const after = (await call(t, 'GET', '/api/v1/resources?limit=100', viewer)).json() as { data: unknown[] };
      assert.equal(after.data.length, before.data.length);
    });

    test('GET /api/v1/resources?query= and GET /api/v1/search find text in any script', async () => {
      const list = (await call(t, 'GET', `/api/v1/resources?query=${encodeURIComponent('TUNIS agenda')}`, viewer)).json() as { data: { id: number }[] };
      assert.ok(list.data.length >= 1);
      const search = await call(t, 'GET', `/api/v1/search?q=${encodeURIComponent('加强')}&locale=zh&type=resource`, viewer);
      assert.equal(search.statusCode, 200, search.body);
      const body = search.json() as { total: number; results: { kind: string; title: string; url: string }[] };
      assert.equal(body.total, 1);
      assert.deepEqual([body.results[0]?.kind, body.results[0]?.title], ['resource', '加强合作']);
      assert.equal(body.results[0]?.url, `https://outreach.example.org/zh/resources/${encodeURIComponent('加强合作')}`);
      assert.equal((await call(t, 'GET', '/api/v1/search?q=', viewer)).statusCode, 400);
      const doc = (await t.app.inject({ url: '/api/openapi.json' })).json() as { paths: Record<string, unknown> };
      for (const path of ['/resources', '/resources/{id}', '/search']) assert.ok(path in doc.paths, path);
    });
  });
}
