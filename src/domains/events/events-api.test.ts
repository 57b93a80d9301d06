import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { dialects } from '../../../test/dialects.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { createApiToken } from '../api/api-token.service.ts';
import { type OpenApiDocument, operationsOf } from '../api/openapi.ts';
import { cliActor } from '../audit/audit.service.ts';
import { exampleEventInput, exampleRegistrationInput } from './events-openapi.ts';

type Json = Record<string, any>;

function call(t: TestApp, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, token: string | null, body?: unknown) {
  return t.app.inject({
    method,
    url,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
  });
}

function assertError(response: LightMyRequestResponse, status: number, code: string): void {
  assert.equal(response.statusCode, status, response.body);
  assert.equal((response.json() as { error: { code: string } }).error.code, code);
}

for (const dialect of dialects) {
  describe(`events API on ${dialect}`, () => {
    let t: TestApp;
    let viewer: string;
    let editor: string;
    before(async () => {
      t = await createTestApp(dialect);
      t.clock.set(new Date('2026-12-01T09:00:00Z'));
      viewer = (await createApiToken(t.deps, cliActor, { name: 'dashboard', role: 'viewer' })).token;
      editor = (await createApiToken(t.deps, cliActor, { name: 'crm', role: 'editor' })).token;
    });
    after(() => t.close());

    test('the issue’s example: create an event, register people, read counts, cancel (the first waiting is promoted)', async () => {
      assertError(await call(t, 'POST', '/api/v1/events', viewer, exampleEventInput), 403, 'forbidden');
      const created = await call(t, 'POST', '/api/v1/events', editor, { ...exampleEventInput, capacity: 2 });
      assert.equal(created.statusCode, 201, created.body);
      const { id } = created.json() as { id: number };
      assert.equal(created.headers.location, `/api/v1/events/${id}`);

      const register = (body: unknown) => call(t, 'POST', `/api/v1/events/${id}/registrations`, editor, body);
      const first = await register(exampleRegistrationInput);
      assert.equal(first.statusCode, 201, first.body);
      assert.equal((first.json() as Json).status, 'confirmed');
      const again = await register({ ...exampleRegistrationInput, email: 'ANA.SOUZA@mission-br.example' });
      assert.equal(again.statusCode, 200);
      assert.equal((again.json() as Json).id, (first.json() as Json).id);
      assert.equal(((await register({ email: '用户@例子.广告', name: '王芳', locale: 'zh' })).json() as Json).status, 'confirmed');
      const third = await register({ email: 'omar@example.org', name: 'Omar Haddad' });
      assert.equal((third.json() as Json).status, 'waitlisted');
      assertError(await register({ email: 'not an address', name: 'X' }), 400, 'invalid_email');
      assertError(await register({ email: 'x@example.org', name: 'X', colour: 'blue' }), 400, 'invalid_input');

      const event = (await call(t, 'GET', `/api/v1/events/${id}`, viewer)).json() as Json;
      assert.equal(event.status, 'published');
      assert.equal(event.capacity, 2);
      assert.deepEqual(event.counts, { confirmed: 2, waitlisted: 1, pendingApproval: 0, cancelled: 0, attended: 0, noShow: 0 });

      const confirmed = (await call(t, 'GET', `/api/v1/events/${id}/registrations?status=confirmed`, viewer)).json() as Json;
      assert.equal(confirmed.data.length, 2);
      assert.ok(!('email' in confirmed.data[0]), 'a viewer token reads no addresses');
      const paged = (await call(t, 'GET', `/api/v1/events/${id}/registrations?limit=2`, editor)).json() as Json;
      assert.equal(paged.data[0].email, 'ana.souza@mission-br.example');
      const rest = (await call(t, 'GET', `/api/v1/events/${id}/registrations?limit=2&before=${paged.next}`, editor)).json() as Json;
      assert.deepEqual(
        rest.data.map((r: Json) => r.status),
        ['waitlisted'],
      );

      const firstId = (first.json() as Json).id;
      assertError(await call(t, 'DELETE', `/api/v1/events/${id}/registrations/${firstId}`, viewer), 403, 'forbidden');
      const deleted = await call(t, 'DELETE', `/api/v1/events/${id}/registrations/${firstId}`, editor);
      assert.equal(deleted.statusCode, 204);
      assert.equal(((await call(t, 'GET', `/api/v1/events/${id}`, viewer)).json() as Json).counts.confirmed, 2, 'Omar took the place');
      assertError(await call(t, 'DELETE', `/api/v1/events/${id}/registrations/999999`, editor), 404, 'not_found');
    });

    test('bad input changes nothing: end before start, unknown zone, negative capacity, a cancelled event', async () => {
      const count = async () => ((await call(t, 'GET', '/api/v1/events?limit=200', viewer)).json() as Json).data.length;
      const before = await count();
      assertError(await call(t, 'POST', '/api/v1/events', editor, { ...exampleEventInput, endsAt: '2027-01-14T13:00:00Z' }), 400, 'event_time_range');
      assertError(await call(t, 'POST', '/api/v1/events', editor, { ...exampleEventInput, timeZone: 'Mars/Olympus' }), 400, 'event_unknown_time_zone');
      assertError(await call(t, 'POST', '/api/v1/events', editor, { ...exampleEventInput, capacity: -1 }), 400, 'event_capacity_negative');
      assert.equal(await count(), before);
      const { id } = (await call(t, 'POST', '/api/v1/events', editor, exampleEventInput)).json() as { id: number };
      const patched = await call(t, 'PATCH', `/api/v1/events/${id}`, editor, { status: 'cancelled' });
      assert.equal(patched.statusCode, 200);
      assert.equal((patched.json() as Json).sequence, 1);
      assertError(await call(t, 'POST', `/api/v1/events/${id}/registrations`, editor, exampleRegistrationInput), 409, 'event_not_open');
    });

    test('the OpenAPI document describes the event operations with the role each needs', async () => {
      const document = JSON.parse((await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).body) as OpenApiDocument;
      const ops = operationsOf(document)
        .filter((op) => op.path.startsWith('/events'))
        .map((op) => `${op.method} ${op.path} ${op.operation['x-plenary-role']}`);
      assert.deepEqual(ops.sort(), [
        'delete /events/{id}/registrations/{registrationId} editor',
        'get /events viewer',
        'get /events/{id} viewer',
        'get /events/{id}/registrations viewer',
        'patch /events/{id} editor',
        'post /events editor',
        'post /events/{id}/registrations editor',
        'post /events/{id}/registrations/{registrationId}/decision editor',
      ]);
    });
  });
}
