import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { dialects } from '../../../test/dialects.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { cliActor } from '../audit/audit.service.ts';
import { addMember, erase } from '../members/member.service.ts';
import { memberEmailJobName } from '../members/member-email.job.ts';
import { apiRoutes } from './api.routes.ts';
import { createApiToken } from './api-token.service.ts';
import { type OpenApiDocument, operationsOf } from './openapi.ts';

type Method = 'GET' | 'POST' | 'PATCH';

function call(t: TestApp, method: Method, url: string, token: string | null, body?: unknown) {
  return t.app.inject({
    method,
    url,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { payload: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
}

function assertError(response: LightMyRequestResponse, status: number, code: string, field?: string): void {
  assert.equal(response.statusCode, status, response.body);
  const body = response.json() as { error: { code: string; message: string } };
  assert.equal(body.error.code, code, response.body);
  if (field) assert.match(body.error.message, new RegExp(`\\b${field}\\b|\\(${field}\\)`), body.error.message);
}

interface MemberJson {
  id: number;
  email?: string;
  name: string;
  status: string;
  memberState: string | null;
  organisation: string;
  title: string;
  language: string;
  source: string | null;
}

for (const dialect of dialects) {
  describe(`API: creating and updating members on ${dialect}`, () => {
    let t: TestApp;
    let viewer: string;
    let editor: string;

    before(async () => {
      t = await createTestApp(dialect, { PUBLIC_URL: 'https://outreach.example.org' });
      viewer = (await createApiToken(t.deps, cliActor, { name: 'dashboard', role: 'viewer' })).token;
      editor = (await createApiToken(t.deps, cliActor, { name: 'crm-sync', role: 'editor' })).token;
    });
    after(() => t?.close());

    const confirmationJobs = async (memberId: number) =>
      (await t.deps.db.selectFrom('jobs').select('payload').where('name', '=', memberEmailJobName).execute()).filter(
        (j) => (JSON.parse(j.payload) as { memberId: number; kind: string }).memberId === memberId,
      ).length;

    test('POST /members: an editor token adds a pending member, who is sent a confirmation, as the form does', async () => {
      const response = await call(t, 'POST', '/api/v1/members', editor, {
        email: 'Amina.Diallo@例子.广告',
        name: 'Amina Diallo',
        memberState: 'sn',
        stakeholderGroup: 'government',
        organisation: 'Permanent Mission of Senegal',
        jobTitle: 'First Counsellor',
        language: 'fr',
        source: 'hlgm-2024',
      });
      assert.equal(response.statusCode, 201, response.body);
      const member = response.json() as MemberJson;
      assert.equal(response.headers.location, `/api/v1/members/${member.id}`);
      assert.equal(member.status, 'pending');
      assert.equal(member.email, 'Amina.Diallo@例子.广告');
      assert.equal(member.memberState, 'SN');
      assert.equal(member.title, 'First Counsellor');
      assert.equal(await confirmationJobs(member.id), 1);
      const audit = await t.deps.db.selectFrom('audit_events').selectAll().where('subject', '=', `member:${member.id}`).executeTakeFirstOrThrow();
      assert.equal(audit.action, 'member.add');
      assert.equal(audit.actor_label, 'api:crm-sync');
      const read = await call(t, 'GET', `/api/v1/members/${member.id}`, editor);
      assert.deepEqual(read.json(), member);
    });

    test('POST /members: subscribed only on a stated lawful basis, recorded as the consent', async () => {
      const input = { email: 'lawful@example.org', name: 'Lawful Basis', language: 'en', status: 'subscribed' };
      assertError(await call(t, 'POST', '/api/v1/members', editor, input), 400, 'invalid_input', 'basis');
      assertError(await call(t, 'POST', '/api/v1/members', editor, { ...input, basis: '   ' }), 400, 'invalid_input', 'basis');
      const response = await call(t, 'POST', '/api/v1/members', editor, { ...input, basis: 'Registered in person at the WSIS Forum 2025' });
      assert.equal(response.statusCode, 201, response.body);
      const member = response.json() as MemberJson;
      assert.equal(member.status, 'subscribed');
      const row = await t.deps.db.selectFrom('members').selectAll().where('id', '=', member.id).executeTakeFirstOrThrow();
      assert.equal(row.consent_method, 'staff');
      assert.equal(row.consent_basis, 'Registered in person at the WSIS Forum 2025');
      assert.equal(await confirmationJobs(member.id), 0);
    });

    test('POST /members: the form’s validation, one code per mistake, and only for editor tokens', async () => {
      const valid = { email: 'valid@example.org', name: 'Valid', language: 'en' };
      assertError(await call(t, 'POST', '/api/v1/members', editor, { ...valid, email: 'boss＠example.org' }), 400, 'invalid_email');
      assertError(await call(t, 'POST', '/api/v1/members', editor, { ...valid, name: '' }), 400, 'invalid_input', 'name');
      assertError(await call(t, 'POST', '/api/v1/members', editor, { ...valid, language: 'de' }), 400, 'invalid_input', 'language');
      assertError(await call(t, 'POST', '/api/v1/members', editor, { ...valid, memberState: 'Narnia' }), 400, 'invalid_input', 'memberState');
      assertError(await call(t, 'POST', '/api/v1/members', editor, { ...valid, status: 'unsubscribed' }), 400, 'invalid_input', 'status');
      assertError(await call(t, 'POST', '/api/v1/members', editor, { ...valid, consent: 'yes' }), 400, 'invalid_input', 'consent');
      assertError(await call(t, 'POST', '/api/v1/members', editor, { ...valid, name: 42 }), 400, 'invalid_input', 'name');
      assertError(await call(t, 'POST', '/api/v1/members', editor, '["not an object"]'), 400, 'invalid_input');
      assertError(await call(t, 'POST', '/api/v1/members', viewer, valid), 403, 'forbidden');
      assertError(await call(t, 'POST', '/api/v1/members', null, valid), 401, 'unauthorized');
      assert.equal((await call(t, 'POST', '/api/v1/members', editor, valid)).statusCode, 201);
      assertError(await call(t, 'POST', '/api/v1/members', editor, { ...valid, email: 'VALID@example.org' }), 409, 'member_exists');
    });

    test('PATCH /members/{id}: changes only the fields given; a new address of a subscribed member is confirmed first', async () => {
      const created = await addMember(
        t.deps,
        cliActor,
        { email: 'patch@example.org', name: 'Patch Me', language: 'en', memberState: 'KE', organisation: 'Old Org', source: 'igf-2025' },
        { status: 'subscribed', basis: 'test' },
      );
      const renamed = await call(t, 'PATCH', `/api/v1/members/${created.id}`, editor, { name: 'Patched', organisation: 'New Org' });
      assert.equal(renamed.statusCode, 200, renamed.body);
      const member = renamed.json() as MemberJson;
      assert.deepEqual(
        {
          name: member.name,
          organisation: member.organisation,
          memberState: member.memberState,
          email: member.email,
          status: member.status,
          source: member.source,
        },
        { name: 'Patched', organisation: 'New Org', memberState: 'KE', email: 'patch@example.org', status: 'subscribed', source: 'igf-2025' },
      );
      assert.equal(await confirmationJobs(created.id), 0);

      const cleared = await call(t, 'PATCH', `/api/v1/members/${created.id}`, editor, { memberState: '' });
      assert.equal((cleared.json() as MemberJson).memberState, null);

      const moved = await call(t, 'PATCH', `/api/v1/members/${created.id}`, editor, { email: 'patch.new@example.org' });
      assert.equal(moved.statusCode, 200, moved.body);
      assert.equal((moved.json() as MemberJson).status, 'pending', 'mail waits until the new address confirms');
      assert.equal(await confirmationJobs(created.id), 1);

      const audit = await t.deps.db
        .selectFrom('audit_events')
        .selectAll()
        .where('subject', '=', `member:${created.id}`)
        .where('action', '=', 'member.edit')
        .execute();
      assert.equal(audit.length, 3);
      assert.ok(audit.every((a) => a.actor_label === 'api:crm-sync'));
    });

    test('PATCH /members/{id}: status changes follow the form’s consent rules', async () => {
      const created = await addMember(
        t.deps,
        cliActor,
        { email: 'status@example.org', name: 'Status', language: 'en' },
        { status: 'subscribed', basis: 'test' },
      );
      const url = `/api/v1/members/${created.id}`;
      const unsubscribed = await call(t, 'PATCH', url, editor, { status: 'unsubscribed' });
      assert.equal((unsubscribed.json() as MemberJson).status, 'unsubscribed', unsubscribed.body);
      assertError(await call(t, 'PATCH', url, editor, { status: 'subscribed' }), 400, 'invalid_input', 'basis');
      assert.equal(((await call(t, 'GET', url, editor)).json() as MemberJson).status, 'unsubscribed', 'a refused change changes nothing');
      const asked = await call(t, 'PATCH', url, editor, { status: 'subscribed', reconfirm: true });
      assert.equal((asked.json() as MemberJson).status, 'unsubscribed', 'subscribed only once the member confirms');
      assert.equal(await confirmationJobs(created.id), 1);
      const back = await call(t, 'PATCH', url, editor, { status: 'subscribed', basis: 'Asked us by phone on 3 March' });
      assert.equal((back.json() as MemberJson).status, 'subscribed');
      assert.equal((await call(t, 'PATCH', url, editor, { status: 'removed' })).json().status, 'removed');
      assertError(await call(t, 'PATCH', url, editor, { status: 'pending' }), 400, 'invalid_input', 'status');
      assertError(await call(t, 'PATCH', url, editor, { status: 'subscribed', basis: 42 }), 400, 'invalid_input', 'basis');
    });

    test('PATCH /members/{id}: unknown, erased or clashing members, bad fields and roles', async () => {
      const a = await addMember(t.deps, cliActor, { email: 'a@example.org', name: 'A', language: 'en' }, { status: 'subscribed', basis: 'test' });
      await addMember(t.deps, cliActor, { email: 'b@example.org', name: 'B', language: 'en' }, { status: 'subscribed', basis: 'test' });
      const url = `/api/v1/members/${a.id}`;
      assertError(await call(t, 'PATCH', url, editor, { email: 'B@example.org' }), 409, 'member_exists');
      assertError(await call(t, 'PATCH', url, editor, { email: 'not an address' }), 400, 'invalid_email');
      assertError(await call(t, 'PATCH', url, editor, { name: ' ' }), 400, 'invalid_input', 'name');
      assertError(await call(t, 'PATCH', url, editor, { id: 7 }), 400, 'invalid_input', 'id');
      assertError(await call(t, 'PATCH', url, editor, {}), 400, 'invalid_input');
      assertError(await call(t, 'PATCH', url, viewer, { name: 'Viewer' }), 403, 'forbidden');
      assertError(await call(t, 'PATCH', '/api/v1/members/999999', editor, { name: 'Nobody' }), 404, 'not_found');
      assertError(await call(t, 'PATCH', '/api/v1/members/abc', editor, { name: 'Nobody' }), 400, 'invalid_input');
      const row = await t.deps.db.selectFrom('members').selectAll().where('id', '=', a.id).executeTakeFirstOrThrow();
      await erase(t.deps, row, cliActor);
      assertError(await call(t, 'PATCH', url, editor, { name: 'Back' }), 404, 'not_found');
    });

    test('the OpenAPI document has both operations for editor tokens, and its examples are accepted', async () => {
      const document = JSON.parse((await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).body) as OpenApiDocument;
      const ops = operationsOf(document).map((op) => `${op.method} ${op.path} ${op.operation['x-plenary-role']}`);
      assert.ok(ops.includes('post /members editor'), ops.join(', '));
      assert.ok(ops.includes('patch /members/{id} editor'), ops.join(', '));
      assert.ok(apiRoutes(t.deps).some((r) => r.method === 'PATCH' && r.path === '/members/:id' && r.role === 'editor'));
      const createExample = document.paths['/members']!.post!.requestBody!.content['application/json'].example;
      const created = await call(t, 'POST', '/api/v1/members', editor, createExample);
      assert.equal(created.statusCode, 201, created.body);
      const patchExample = document.paths['/members/{id}']!.patch!.requestBody!.content['application/json'].example;
      const patched = await call(t, 'PATCH', `/api/v1/members/${(created.json() as MemberJson).id}`, editor, patchExample);
      assert.equal(patched.statusCode, 200, patched.body);
      const docs = (await t.app.inject({ method: 'GET', url: '/api/docs' })).body;
      assert.ok(docs.includes('PATCH /api/v1/members/{id}'));
      assert.ok(docs.includes('curl -sS -X PATCH'));
    });
  });
}
