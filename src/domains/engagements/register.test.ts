import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { dialects } from '../../../test/dialects.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { demoRegisterStartedDaysAgo } from '../../demo/demo-register.ts';
import { createApiToken } from '../api/api-token.service.ts';
import { type OpenApiDocument, operationsOf } from '../api/openapi.ts';
import { cliActor } from '../audit/audit.service.ts';
import { createEngagement } from './engagement.service.ts';
import { listRegister } from './register.service.ts';

type Json = Record<string, any>;

function call(t: TestApp, method: 'GET' | 'POST' | 'PATCH', url: string, token: string | null, body?: unknown, headers: Record<string, string> = {}) {
  return t.app.inject({
    method,
    url,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
  });
}

function assertError(response: LightMyRequestResponse, status: number, code: string): Json {
  assert.equal(response.statusCode, status, response.body);
  const body = response.json() as { error: { code: string; message: string } };
  assert.equal(body.error.code, code);
  return body.error;
}

const msm = 'Multistakeholder model of Internet governance';

for (const dialect of dialects) {
  describe(`the risk/opportunity register on ${dialect}`, () => {
    let t: TestApp;
    let viewer: string;
    let editor: string;
    // When the demo network was seeded (the test app's clock at its start; its register dates from `demoRegisterStartedDaysAgo`
    // before); the changes below come later.
    let seeded: Date;
    const day = (n: number) => new Date(seeded.getTime() + n * 86_400_000);
    const dayText = (n: number) => day(n).toISOString().slice(0, 10);
    const items = async () =>
      Number(
        (
          await t.deps.db
            .selectFrom('register_items')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );

    before(async () => {
      t = await createTestApp(dialect);
      seeded = t.clock.now();
      viewer = (await createApiToken(t.deps, cliActor, { name: 'board-pack', role: 'viewer' })).token;
      editor = (await createApiToken(t.deps, cliActor, { name: 'crm', role: 'editor' })).token;
    });
    after(() => t.close());

    test('the demo network has the slide’s risk/opportunity table, in six languages', async () => {
      const register = await listRegister(t.deps);
      assert.deepEqual(
        register.map((topic) => [topic.name, topic.risks.map((r) => r.statement.en), topic.opportunities.map((o) => o.statement.en)]),
        [
          [msm, ['The multistakeholder model is replaced with a multilateral one.'], ['An Internet-friendly WSIS+20 outcome document.']],
          ['The unique role of the technical community', ['Internet fragmentation.'], ['Share the success stories: IDNs, new gTLDs.']],
        ],
      );
      for (const topic of register) for (const item of [...topic.risks, ...topic.opportunities]) assert.equal(Object.keys(item.statement).length, 6);
    });

    test('GET /api/v1/register: topics with their risks and opportunities', async () => {
      const response = await call(t, 'GET', '/api/v1/register', viewer);
      assert.equal(response.statusCode, 200);
      const body = response.json() as Json;
      assert.equal(body.topics.length, 2);
      const risk = body.topics[0].risks[0];
      assert.equal(risk.kind, 'risk');
      assert.deepEqual([risk.likelihood, risk.impact, risk.trend], [3, 5, 'rising']);
      assert.equal(risk.statement.fr, 'Le modèle multipartite est remplacé par un modèle multilatéral.');
      assertError(await call(t, 'GET', '/api/v1/register', null), 401, 'unauthorized');
      assertError(await call(t, 'GET', '/api/v1/register?at=yesterday', viewer), 400, 'invalid_input');
    });

    test('POST /api/v1/register/items: a new topic name creates the topic; bad input stores nothing', async () => {
      const before = await items();
      const created = await call(t, 'POST', '/api/v1/register/items', editor, {
        topic: 'Financing mechanisms',
        kind: 'opportunity',
        statement: { en: 'A Digital Development Fund open to the technical community.' },
        likelihood: 2,
        impact: 4,
      });
      assert.equal(created.statusCode, 201, created.body);
      const item = created.json() as Json;
      assert.equal(item.topic, 'Financing mechanisms');
      assert.equal(item.trend, 'steady');
      assert.ok(await t.deps.db.selectFrom('topics').select('id').where('name', '=', 'Financing mechanisms').executeTakeFirst());
      const same = await call(t, 'POST', '/api/v1/register/items', editor, {
        topic: 'financing  MECHANISMS',
        kind: 'risk',
        statement: { en: 'x' },
        likelihood: 1,
        impact: 1,
      });
      assert.equal((same.json() as Json).topic, 'Financing mechanisms', 'one topic whatever the case');

      const good = { topic: msm, kind: 'risk', statement: { en: 'A new risk.' }, likelihood: 1, impact: 1 };
      assertError(await call(t, 'POST', '/api/v1/register/items', editor, { ...good, likelihood: 6 }), 400, 'invalid_input');
      assertError(await call(t, 'POST', '/api/v1/register/items', editor, { ...good, kind: 'threat' }), 400, 'invalid_input');
      assertError(await call(t, 'POST', '/api/v1/register/items', editor, { ...good, statement: { en: '' } }), 400, 'invalid_input');
      assertError(await call(t, 'POST', '/api/v1/register/items', editor, { ...good, statement: { xx: 'x' } }), 400, 'invalid_input');
      assertError(await call(t, 'POST', '/api/v1/register/items', editor, { ...good, engagementIds: [999_999] }), 400, 'invalid_input');
      assertError(await call(t, 'POST', '/api/v1/register/items', editor, { ...good, severity: 3 }), 400, 'invalid_input');
      assertError(await call(t, 'POST', '/api/v1/register/items', viewer, good), 403, 'forbidden');
      assert.equal(await items(), before + 2);
    });

    test('PATCH with a reason keeps each change in the history, oldest first; the register reads as it stood on a date', async () => {
      const engagement = await createEngagement(
        t.deps,
        { actor: cliActor, staffId: null, role: 'owner' },
        { kind: 'diplomat_briefing', title: 'Briefing on the zero draft', startDate: '2025-09-20', memberStates: ['BR'] },
      );
      const register = (await call(t, 'GET', '/api/v1/register', viewer)).json() as Json;
      const risk = register.topics.find((x: Json) => x.name === msm).risks[0];
      const url = `/api/v1/register/items/${risk.id}`;

      const noReason = assertError(await call(t, 'PATCH', url, editor, { likelihood: 4 }, { 'accept-language': 'fr' }), 400, 'register_reason_required');
      assert.match(noReason.message, /Indiquez pourquoi/);
      assertError(await call(t, 'PATCH', url, editor, { likelihood: 4, reason: '   ' }), 400, 'register_reason_required');
      assertError(await call(t, 'PATCH', url, editor, { reason: 'nothing' }), 400, 'invalid_input');
      assertError(await call(t, 'PATCH', url, viewer, { likelihood: 4, reason: 'x' }), 403, 'forbidden');
      assertError(await call(t, 'PATCH', '/api/v1/register/items/999999', editor, { likelihood: 4, reason: 'x' }), 404, 'not_found');

      t.clock.set(day(30));
      const patched = await call(t, 'PATCH', url, editor, {
        likelihood: 4,
        trend: 'rising',
        statement: { fr: 'Le modèle multipartite cède la place au multilatéralisme.' },
        engagementIds: [engagement.id],
        reason: 'The zero draft moves follow-up to an intergovernmental body.',
      });
      assert.equal(patched.statusCode, 200, patched.body);
      const after = patched.json() as Json;
      assert.equal(after.likelihood, 4);
      assert.equal(after.statement.en, 'The multistakeholder model is replaced with a multilateral one.', 'the other languages stay');
      assert.equal(after.statement.fr, 'Le modèle multipartite cède la place au multilatéralisme.');
      assert.deepEqual(after.engagementIds, [engagement.id]);

      t.clock.set(day(90));
      await call(t, 'PATCH', url, editor, { likelihood: 2, trend: 'falling', reason: 'The outcome document keeps the multistakeholder model.' });
      await call(t, 'PATCH', url, editor, { likelihood: 2, reason: 'Same again' });

      const history = (await call(t, 'GET', `${url}/history`, viewer)).json() as Json[];
      assert.deepEqual(
        history.map((h) => [h.at.slice(0, 10), h.actor, h.reason, Object.keys(h.changes).sort().join(',')]),
        [
          [dayText(-demoRegisterStartedDaysAgo), 'demo', 'Demo network', 'actions,engagementIds,impact,kind,likelihood,statement,topic,trend'],
          [dayText(30), 'api:crm', 'The zero draft moves follow-up to an intergovernmental body.', 'engagementIds,likelihood,statement'],
          [dayText(90), 'api:crm', 'The outcome document keeps the multistakeholder model.', 'likelihood,trend'],
        ],
        'a change that changes nothing is not recorded',
      );
      assert.deepEqual(history[1]!.changes.likelihood, { from: 3, to: 4 });
      assert.equal(history[1]!.state.likelihood, 4);

      const riskAt = async (at: string) => {
        const body = (await call(t, 'GET', `/api/v1/register?at=${at}`, viewer)).json() as Json;
        return body.topics.find((x: Json) => x.name === msm)?.risks[0];
      };
      assert.equal((await riskAt(dayText(10))).likelihood, 3);
      assert.equal((await riskAt(dayText(60))).likelihood, 4);
      assert.equal((await riskAt(dayText(100))).likelihood, 2);
      assert.equal((await riskAt(dayText(100))).trend, 'falling');
      assert.equal(await riskAt(dayText(-demoRegisterStartedDaysAgo - 1)), undefined, 'not yet in the register');
      assert.equal((await riskAt(encodeURIComponent(new Date(day(30).getTime() - 1000).toISOString()))).likelihood, 3, 'a second before the change');
      const audit = await t.deps.db
        .selectFrom('audit_events')
        .selectAll()
        .where('subject', '=', `register_item:${risk.id}`)
        .where('action', '=', 'register_item.update')
        .execute();
      assert.equal(audit.length, 2);
    });

    test('the OpenAPI document has the register operations with their roles, and its examples are accepted', async () => {
      const document = JSON.parse((await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).body) as OpenApiDocument;
      const ops = operationsOf(document).map((op) => `${op.method.toUpperCase()} ${op.path} ${op.operation['x-plenary-role']}`);
      for (const op of ['GET /register viewer', 'POST /register/items editor', 'PATCH /register/items/{id} editor', 'GET /register/items/{id}/history viewer'])
        assert.ok(ops.includes(op), op);
      const createExample = document.paths['/register/items']!.post!.requestBody!.content['application/json'].example;
      const created = await call(t, 'POST', '/api/v1/register/items', editor, createExample);
      assert.equal(created.statusCode, 201, created.body);
      const patchExample = document.paths['/register/items/{id}']!.patch!.requestBody!.content['application/json'].example;
      const patched = await call(t, 'PATCH', `/api/v1/register/items/${(created.json() as Json).id}`, editor, patchExample);
      assert.equal(patched.statusCode, 200, patched.body);
    });
  });
}
