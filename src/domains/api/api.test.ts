import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance, FastifyRequest, LightMyRequestResponse } from 'fastify';
import { type Kysely, Migrator } from 'kysely';
import { createTestDatabase, dialects, type TestDatabase } from '../../../test/dialects.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { tokenCommand } from '../../cli/token.ts';
import { UsageError } from '../../cli/usage-error.ts';
import { loadConfig } from '../../config/config.ts';
import { createDb } from '../../db/database.ts';
import { migrations } from '../../db/migrations/index.ts';
import { migrateToLatest } from '../../db/migrator.ts';
import { AppError } from '../../errors/app-error.ts';
import { hashToken } from '../../security/tokens.ts';
import { announcementInput } from '../announcements/announcement.service.ts';
import { cliActor } from '../audit/audit.service.ts';
import { roleAllows } from '../auth/auth.service.ts';
import { addMember } from '../members/member.service.ts';
import { memberFiltersQuery } from '../members/member-filters.ts';
import { apiRoutes, bearerToken } from './api.routes.ts';
import { authenticate, createApiToken, lastUsedResolutionMs, revokeApiToken } from './api-token.service.ts';
import * as tokensAdmin from './api-tokens-admin.routes.tsx';
import { apiBasePath, type OpenApiDocument, operationsOf } from './openapi.ts';

const tokenShape = /^plen_[A-Za-z0-9_-]{43}$/;
const bin = path.join(import.meta.dirname, '..', '..', '..', 'bin', 'plenary.js');

/** Registers the API (and the admin token pages) on a test app unless app.ts already does, before its first request. */
async function withApi(t: TestApp): Promise<void> {
  assert.ok(t.app.hasRoute({ method: 'GET', url: '/api/v1/stats' }), 'app.ts registers the API');
  if (t.app.hasRoute({ method: 'GET', url: '/admin/api-tokens' })) return;
  // Until the route table lists these pages: the same owner check and CSRF the router applies.
  const ownerOnly = async (request: FastifyRequest) => {
    if (!request.staff) throw new AppError('sign_in_required');
    if (!roleAllows(request.staff.role, 'owner')) throw new AppError('forbidden');
  };
  const app: FastifyInstance = t.app;
  for (const prefix of ['', '/:locale']) {
    app.get(`${prefix}/admin/api-tokens`, { preHandler: [ownerOnly] }, tokensAdmin.apiTokensPage(t.deps));
    app.post(`${prefix}/admin/api-tokens`, { preHandler: [ownerOnly, app.csrfProtection] }, tokensAdmin.createApiTokenSubmit(t.deps));
    app.post(`${prefix}/admin/api-tokens/:id/revoke`, { preHandler: [ownerOnly, app.csrfProtection] }, tokensAdmin.revokeApiTokenSubmit(t.deps));
  }
}

function call(t: TestApp, method: 'GET' | 'POST', url: string, token: string | null, body?: unknown, headers: Record<string, string> = {}) {
  return t.app.inject({
    method,
    url,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    ...(body !== undefined ? { payload: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
}

function assertError(response: LightMyRequestResponse, status: number, code: string): void {
  assert.equal(response.statusCode, status, response.body);
  assert.match(String(response.headers['content-type']), /^application\/json/);
  const body = response.json() as { error: { code: string; message: string } };
  assert.equal(body.error.code, code);
  assert.equal(typeof body.error.message, 'string');
}

const memberStates = ['KE', 'FR', 'CN', 'MX', 'PL'];

for (const dialect of dialects) {
  describe(`API on ${dialect}`, () => {
    let t: TestApp;
    let viewer: string;
    let editor: string;
    let subscribed = 0;

    before(async () => {
      t = await createTestApp(dialect, { PUBLIC_URL: 'https://outreach.example.org' });
      await withApi(t);
      for (let i = 0; i < 23; i++) {
        const status = i % 4 === 3 ? 'pending' : 'subscribed';
        if (status === 'subscribed') subscribed++;
        await addMember(
          t.deps,
          cliActor,
          { email: `member${i}@example.org`, name: `Member ${i}`, language: i % 2 ? 'fr' : 'en', memberState: memberStates[i % memberStates.length] },
          { status, basis: 'test' },
        );
      }
      viewer = (await createApiToken(t.deps, cliActor, { name: 'dashboard', role: 'viewer' })).token;
      editor = (await createApiToken(t.deps, cliActor, { name: 'newsroom', role: 'editor' })).token;
    });
    after(async () => {
      await t.close();
    });

    test('a created token is shown once: only its SHA-256 is stored', async () => {
      const { token, row } = await createApiToken(t.deps, cliActor, { name: ' ci ', role: 'editor' });
      assert.match(token, tokenShape);
      assert.equal(row.name, 'ci');
      assert.equal(row.token_hash, hashToken(token));
      const stored = await t.deps.db.selectFrom('api_tokens').selectAll().execute();
      assert.ok(stored.every((r) => !JSON.stringify(r).includes(token.slice(5))));
      await assert.rejects(createApiToken(t.deps, cliActor, { name: 'x', role: 'owner' }), (e: AppError) => e.code === 'invalid_input');
      await assert.rejects(createApiToken(t.deps, cliActor, { name: '  ', role: 'viewer' }), (e: AppError) => e.code === 'invalid_input');
      const audit = await t.deps.db.selectFrom('audit_events').selectAll().where('action', '=', 'api_token.create').execute();
      assert.ok(audit.some((a) => a.subject === `api_token:${row.id}`));
    });

    test('missing, malformed, unknown and revoked tokens answer 401 unauthorized', async () => {
      const revoked = await createApiToken(t.deps, cliActor, { name: 'old', role: 'editor' });
      assert.equal((await call(t, 'GET', '/api/v1/stats', revoked.token)).statusCode, 200);
      await revokeApiToken(t.deps, cliActor, revoked.row.id);
      const unknown = `plen_${'A'.repeat(43)}`;
      for (const headers of [
        {},
        { authorization: 'Bearer' },
        { authorization: 'Bearer garbage' },
        { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` },
        { authorization: `Bearer ${unknown}` },
        { authorization: `Bearer ${revoked.token}` },
        { authorization: `Bearer ${editor}x` },
      ]) {
        const response = await t.app.inject({ method: 'GET', url: '/api/v1/stats', headers });
        assertError(response, 401, 'unauthorized');
        assert.equal(response.headers['www-authenticate'], 'Bearer realm="plenary"');
      }
      // A POST without a token is refused before its body is looked at.
      assertError(await call(t, 'POST', '/api/v1/announcements', null, '{not json'), 401, 'unauthorized');
      await assert.rejects(authenticate(t.deps, undefined), (e: AppError) => e.code === 'unauthorized');
      assert.equal(bearerToken(`bearer  ${editor}`), editor);
      assert.equal(bearerToken(`Token ${editor}`), undefined);
    });

    test('a staff session cookie does not authenticate the API', async () => {
      const owner = await t.signedInClient('owner', 'api-owner@example.org');
      assertError(await owner.get('/api/v1/stats'), 401, 'unauthorized');
    });

    test('a viewer token reads but cannot create or send (403)', async () => {
      assert.equal((await call(t, 'GET', '/api/v1/stats', viewer)).statusCode, 200);
      assert.equal((await call(t, 'GET', '/api/v1/announcements', viewer)).statusCode, 200);
      assert.equal((await call(t, 'GET', '/api/v1/members', viewer)).statusCode, 200);
      assertError(await call(t, 'POST', '/api/v1/announcements', viewer, { subject: 'S', markdown: 'M' }), 403, 'forbidden');
      const created = (await call(t, 'POST', '/api/v1/announcements', editor, { subject: 'For viewers', markdown: 'Hello' })).json() as { id: number };
      assertError(await call(t, 'POST', `/api/v1/announcements/${created.id}/send`, viewer), 403, 'forbidden');
      for (const verb of ['pause', 'resume', 'cancel'])
        assertError(await call(t, 'POST', `/api/v1/announcements/${created.id}/${verb}`, viewer), 403, 'forbidden');
      const still = (await call(t, 'GET', `/api/v1/announcements/${created.id}`, viewer)).json() as { status: string };
      assert.equal(still.status, 'draft');
    });

    test('an editor creates (201), sends (202), and follows the send to "sent"', async () => {
      const created = await call(t, 'POST', '/api/v1/announcements', editor, {
        subject: 'The zero draft is out',
        markdown: 'Dear {{name}}, the **zero draft** is out.',
        variants: { fr: { subject: 'L’avant-projet est publié', markdown: 'Bonjour {{name}}' } },
      });
      assert.equal(created.statusCode, 201, created.body);
      const body = created.json() as { id: number; status: string; counts: Record<string, number>; variants: object; createdBy: string };
      assert.equal(typeof body.id, 'number');
      assert.equal(created.headers.location, `/api/v1/announcements/${body.id}`);
      assert.equal(body.status, 'draft');
      assert.equal(body.createdBy, 'api:newsroom');
      assert.deepEqual(Object.keys(body.variants), ['fr']);
      assert.deepEqual(body.counts, { total: 0, queued: 0, sent: 0, deferred: 0, failed: 0, bounced: 0, cancelled: 0 });
      assert.equal(created.headers['cache-control'], 'no-store');

      const sent = await call(t, 'POST', `/api/v1/announcements/${body.id}/send`, editor);
      assert.equal(sent.statusCode, 202, sent.body);
      assert.equal((sent.json() as { status: string }).status, 'sending');
      const sending = (await call(t, 'GET', `/api/v1/announcements/${body.id}`, viewer)).json() as { status: string };
      assert.equal(sending.status, 'sending');

      await t.runJobs();
      const done = await call(t, 'GET', `/api/v1/announcements/${body.id}`, viewer);
      assert.equal(done.statusCode, 200);
      const progress = done.json() as { id: number; status: string; counts: Record<string, number> };
      assert.equal(progress.id, body.id);
      assert.equal(progress.status, 'sent');
      assert.equal(progress.counts.total, subscribed);
      assert.equal(progress.counts.sent, subscribed);
      for (const key of ['queued', 'deferred', 'failed', 'bounced']) assert.equal(progress.counts[key], 0, key);

      assertError(await call(t, 'POST', `/api/v1/announcements/${body.id}/send`, editor), 409, 'announcement_locked');
      const audit = await t.deps.db.selectFrom('audit_events').selectAll().where('subject', '=', `announcement:${body.id}`).orderBy('id').execute();
      assert.deepEqual(
        audit.map((a) => [a.action, a.actor_label]),
        [
          ['announcement.create', 'api:newsroom'],
          ['announcement.send', 'api:newsroom'],
        ],
      );

      const list = (await call(t, 'GET', '/api/v1/announcements?status=sent', viewer)).json() as { data: { id: number; total: number }[]; next: string | null };
      assert.ok(list.data.some((a) => a.id === body.id && a.total === subscribed));
    });

    test('scheduling, pause, resume and cancel answer 202 with the new status', async () => {
      const create = async (audience?: object) =>
        (
          (await call(t, 'POST', '/api/v1/announcements', editor, { subject: 'Later', markdown: 'Text', ...(audience ? { audience } : {}) })).json() as {
            id: number;
          }
        ).id;

      const scheduledId = await create();
      const at = new Date(t.clock.now().getTime() + 3_600_000).toISOString();
      const scheduled = await call(t, 'POST', `/api/v1/announcements/${scheduledId}/send`, editor, { at });
      assert.equal(scheduled.statusCode, 202, scheduled.body);
      assert.deepEqual([(scheduled.json() as { status: string }).status, (scheduled.json() as { scheduledAt: string }).scheduledAt], ['scheduled', at]);
      const cancelled = await call(t, 'POST', `/api/v1/announcements/${scheduledId}/cancel`, editor);
      assert.equal(cancelled.statusCode, 202);
      assert.equal((cancelled.json() as { status: string }).status, 'cancelled');
      assertError(await call(t, 'POST', `/api/v1/announcements/${scheduledId}/send`, editor, { at: 'tomorrow' }), 400, 'invalid_input');

      const pausedId = await create({ regionalGroup: 'african' });
      // An empty body labelled JSON is no body: send now.
      const now = await t.app.inject({
        method: 'POST',
        url: `/api/v1/announcements/${pausedId}/send`,
        headers: { authorization: `Bearer ${editor}`, 'content-type': 'application/json' },
        payload: '',
      });
      assert.equal(now.statusCode, 202, now.body);
      const paused = await call(t, 'POST', `/api/v1/announcements/${pausedId}/pause`, editor);
      assert.equal((paused.json() as { status: string }).status, 'paused');
      assertError(await call(t, 'POST', `/api/v1/announcements/${pausedId}/pause`, editor), 409, 'announcement_locked');
      const resumed = await call(t, 'POST', `/api/v1/announcements/${pausedId}/resume`, editor);
      assert.equal(resumed.statusCode, 202);
      assert.equal((resumed.json() as { status: string }).status, 'sending');
      await t.runJobs();
      const final = (await call(t, 'GET', `/api/v1/announcements/${pausedId}`, editor)).json() as { status: string; counts: { sent: number } };
      const african = (await call(t, 'GET', '/api/v1/members?status=subscribed&regionalGroup=african', viewer)).json() as { total: number };
      assert.equal(final.status, 'sent');
      assert.equal(final.counts.sent, african.total);
    });

    test('bad requests answer 400 JSON, unknown ones 404 JSON', async () => {
      const malformed = await call(t, 'POST', '/api/v1/announcements', editor, '{"subject": "x", ');
      assertError(malformed, 400, 'invalid_input');
      assert.match((malformed.json() as { error: { message: string } }).error.message, /body/);
      assertError(await call(t, 'POST', '/api/v1/announcements', editor, { markdown: 'no subject' }), 400, 'invalid_input');
      assertError(
        await call(t, 'POST', '/api/v1/announcements', editor, { subject: 'S', markdown: 'M', variants: { de: { subject: 'S', markdown: 'M' } } }),
        400,
        'invalid_input',
      );
      assertError(await call(t, 'POST', '/api/v1/announcements', editor, '"just a string"'), 400, 'invalid_input');
      assertError(
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/announcements',
          headers: { authorization: `Bearer ${editor}`, 'content-type': 'text/csv' },
          payload: 'a,b',
        }),
        400,
        'invalid_input',
      );
      assertError(await call(t, 'GET', '/api/v1/announcements/999999', viewer), 404, 'not_found');
      assertError(await call(t, 'GET', '/api/v1/announcements/abc', viewer), 400, 'invalid_input');
      assertError(await call(t, 'GET', '/api/v1/announcements/99999999999', viewer), 400, 'invalid_input');
      assertError(await call(t, 'POST', '/api/v1/announcements/999999/send', editor), 404, 'not_found');
      assertError(await call(t, 'GET', '/api/v1/members/999999', viewer), 404, 'not_found');
      assertError(await call(t, 'GET', '/api/v1/members?limit=0', viewer), 400, 'invalid_input');
      assertError(await call(t, 'GET', '/api/v1/members?limit=501', viewer), 400, 'invalid_input');
      assertError(await call(t, 'GET', '/api/v1/members?before=-3', viewer), 400, 'invalid_input');
      assertError(await call(t, 'GET', '/api/v1/members?regionalGroup=europe', viewer), 400, 'invalid_input');
      assertError(await call(t, 'GET', '/api/v1/nothing-here', viewer), 404, 'not_found');
      const tooLarge = await call(t, 'POST', '/api/v1/announcements', editor, { subject: 'S', markdown: 'x'.repeat(t.deps.config.bodyLimitBytes) });
      assertError(tooLarge, 413, 'payload_too_large');
    });

    test('members: filtered pages, walked with the cursor, list every member exactly once', async () => {
      const all = await t.deps.db.selectFrom('members').select(['id', 'status', 'regional_group']).execute();
      for (const filters of ['', 'status=subscribed', 'status=subscribed&language=fr', 'regionalGroup=western_european_others']) {
        const expected = all
          .filter((m) => !filters.includes('status=') || m.status === 'subscribed')
          .filter((m) => !filters.includes('regionalGroup=') || m.regional_group === 'western_european_others')
          .map((m) => m.id);
        const seen: number[] = [];
        let before: string | null = null;
        let pages = 0;
        let total = -1;
        do {
          const response = await call(t, 'GET', `/api/v1/members?limit=4${filters ? `&${filters}` : ''}${before ? `&before=${before}` : ''}`, viewer);
          assert.equal(response.statusCode, 200, response.body);
          const page = response.json() as { data: { id: number; email: string; status: string; language: string }[]; next: string | null; total: number };
          assert.ok(page.data.length <= 4);
          for (const m of page.data) {
            seen.push(m.id);
            if (filters.includes('status=')) assert.equal(m.status, 'subscribed');
            if (filters.includes('language=fr')) assert.equal(m.language, 'fr');
          }
          total = page.total;
          before = page.next;
          pages++;
          assert.ok(pages < 50, 'the cursor ends');
        } while (before !== null);
        assert.equal(new Set(seen).size, seen.length, `no member twice (${filters})`);
        assert.deepEqual(
          [...seen].sort((a, b) => b - a),
          seen,
          'newest first',
        );
        if (!filters.includes('language')) assert.deepEqual([...seen].sort(), [...expected].sort(), filters);
        assert.equal(total, seen.length, `total matches the walk (${filters})`);
      }
      const first = ((await call(t, 'GET', '/api/v1/members?limit=1', viewer)).json() as { data: { id: number }[] }).data[0]!;
      const one = await call(t, 'GET', `/api/v1/members/${first.id}`, editor);
      assert.equal(one.statusCode, 200);
      assert.deepEqual(Object.keys(one.json() as object).sort(), [
        'email',
        'erased',
        'id',
        'joinedAt',
        'language',
        'memberState',
        'name',
        'organisation',
        'regionalGroup',
        'source',
        'stakeholderGroup',
        'status',
        'title',
      ]);
    });

    test('addresses are for editor tokens: a viewer token reads members without them, and cannot search by address', async () => {
      const asViewer = (await call(t, 'GET', '/api/v1/members?limit=500', viewer)).json() as { data: Record<string, unknown>[]; total: number };
      const asEditor = (await call(t, 'GET', '/api/v1/members?limit=500', editor)).json() as { data: Record<string, unknown>[]; total: number };
      assert.equal(asViewer.total, asEditor.total, 'the same members, counted alike');
      assert.ok(asViewer.data.length > 0);
      assert.ok(
        asViewer.data.every((m) => !('email' in m)),
        'no address in a viewer page',
      );
      assert.ok(!JSON.stringify(asViewer).includes('@example.org'), 'nor anywhere in it');
      assert.ok(asEditor.data.every((m) => typeof m.email === 'string' && String(m.email).includes('@')));
      assert.deepEqual(
        asViewer.data.map((m) => m.id),
        asEditor.data.map((m) => m.id),
      );
      const one = await call(t, 'GET', `/api/v1/members/${asViewer.data[0]!.id}`, viewer);
      assert.equal(one.statusCode, 200);
      assert.ok(!('email' in (one.json() as object)));
      // `q` matches addresses: answering it would tell a viewer who is a member.
      assertError(await call(t, 'GET', '/api/v1/members?q=member1%40example.org', viewer), 403, 'forbidden');
      assert.equal(((await call(t, 'GET', '/api/v1/members?q=member1%40example.org', editor)).json() as { total: number }).total, 1);
    });

    test('/api/v1/stats is the network picture of subscribed members', async () => {
      const response = await call(t, 'GET', '/api/v1/stats', viewer);
      assert.equal(response.statusCode, 200);
      const stats = response.json() as Record<string, unknown> & { members: number; byRegionalGroup: Record<string, number>; growth: unknown[] };
      assert.equal(stats.members, subscribed);
      assert.equal(stats.memberStates, memberStates.length);
      assert.deepEqual(Object.keys(stats.byRegionalGroup).sort(), [
        'african',
        'asia_pacific',
        'eastern_european',
        'latin_american_caribbean',
        'western_european_others',
      ]);
      assert.equal(stats.growth.length, 12);
      for (const key of ['outsideRegionalGroups', 'byStakeholderGroup', 'byLanguage', 'bySource', 'byMemberState', 'shares', 'evenness', 'underRepresented']) {
        assert.ok(key in stats, key);
      }
    });

    test('last use is recorded at most once a minute', async () => {
      const { token, row } = await createApiToken(t.deps, cliActor, { name: 'meter', role: 'viewer' });
      const lastUsed = async () =>
        (await t.deps.db.selectFrom('api_tokens').select('last_used_at').where('id', '=', row.id).executeTakeFirstOrThrow()).last_used_at;
      assert.equal(await lastUsed(), null);
      await call(t, 'GET', '/api/v1/stats', token);
      const first = await lastUsed();
      assert.equal(first, t.clock.now().toISOString());
      t.clock.advance(lastUsedResolutionMs - 1000);
      await call(t, 'GET', '/api/v1/stats', token);
      assert.equal(await lastUsed(), first);
      t.clock.advance(2000);
      await call(t, 'GET', '/api/v1/stats', token);
      assert.equal(await lastUsed(), t.clock.now().toISOString());
    });

    test('the OpenAPI document lists every route with its role, and its examples are valid requests', async () => {
      const response = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
      assert.equal(response.statusCode, 200);
      assert.match(String(response.headers['content-type']), /^application\/json/);
      const document = JSON.parse(response.body) as OpenApiDocument;
      assert.equal(document.openapi, '3.1.0');
      assert.equal(document.servers[0]?.url, `https://outreach.example.org${apiBasePath}`);
      assert.deepEqual(document.components.securitySchemes.bearerToken, {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'plen_ followed by 43 base64url characters',
        description: 'An API token. Owners create and revoke them in the admin area (API tokens) or with `plenary token`.',
      });

      const documented = operationsOf(document)
        .map((op) => `${op.method.toUpperCase()} ${op.path} ${op.operation['x-plenary-role']}`)
        .sort();
      const routed = apiRoutes(t.deps)
        .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')} ${r.role}`)
        .sort();
      assert.deepEqual(documented, routed);
      for (const path of ['/announcements', '/announcements/{id}', '/announcements/{id}/send', '/members', '/stats']) assert.ok(path in document.paths, path);

      // Every $ref resolves.
      const refs = [...response.body.matchAll(/"\$ref":"#\/([^"]+)"/g)].map((m) => m[1]!);
      for (const ref of refs) {
        let node: unknown = document;
        for (const part of ref.split('/')) node = (node as Record<string, unknown>)?.[part];
        assert.ok(node, ref);
      }
      // Request examples pass the same validation as real requests.
      const create = document.paths['/announcements']!.post!.requestBody!.content['application/json'].example;
      assert.ok(announcementInput.safeParse(create).success);
      const created = await call(t, 'POST', '/api/v1/announcements', editor, create);
      assert.equal(created.statusCode, 201, created.body);
      const listMembers = document.paths['/members']!.get!.parameters!.filter((p) => 'example' in p && 'name' in p) as { name: string; example: string }[];
      assert.ok(memberFiltersQuery.safeParse(Object.fromEntries(listMembers.map((p) => [p.name, String(p.example)]))).success);
      const at = document.paths['/announcements/{id}/send']!.post!.requestBody!.content['application/json'].example as { at: string };
      assert.ok(!Number.isNaN(Date.parse(at.at)));
    });

    test('/api/docs is a readable page of every operation, rendered from the same document', async () => {
      const response = await t.app.inject({ method: 'GET', url: '/api/docs' });
      assert.equal(response.statusCode, 200);
      assert.match(String(response.headers['content-type']), /^text\/html/);
      assert.match(String(response.headers['content-security-policy']), /default-src 'self'/);
      const html = response.body;
      assert.match(html, /^<!doctype html><html lang="en"/);
      for (const op of operationsOf(JSON.parse((await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).body) as OpenApiDocument)) {
        assert.ok(html.includes(`${op.method.toUpperCase()} ${op.fullPath}`), `${op.method} ${op.fullPath}`);
        assert.ok(html.includes(`id="op-${op.operation.operationId}"`));
      }
      assert.ok(html.includes("curl -sS -X POST 'https://outreach.example.org/api/v1/announcements/42/send'"));
      assert.match(html, /Authorization: Bearer \$PLENARY_API_TOKEN/);
      assert.doesNotMatch(html, /<script|src="http|href="http/);
    });

    test('owners create tokens in the admin area (shown once) and revoke them; others may not', async () => {
      const owner = await t.signedInClient('owner', 'token-owner@example.org');
      const page = await owner.get('/en/admin/api-tokens');
      assert.equal(page.statusCode, 200);
      assert.ok(page.body.includes('newsroom'));
      assert.doesNotMatch(page.body, /plen_[A-Za-z0-9_-]{43}/);

      const created = await owner.post('/en/admin/api-tokens', { name: 'Website widget', role: 'viewer' });
      assert.equal(created.statusCode, 201, created.body);
      assert.equal(created.headers['cache-control'], 'no-store');
      const token = /value="(plen_[A-Za-z0-9_-]{43})"/.exec(created.body)?.[1];
      assert.ok(token, 'the new token is on the answer page');
      assert.equal((await call(t, 'GET', '/api/v1/stats', token)).statusCode, 200);
      assert.doesNotMatch((await owner.get('/en/admin/api-tokens')).body, new RegExp(token), 'never shown again');
      assert.equal((await owner.post('/en/admin/api-tokens', { name: 'x', role: 'viewer' }, { csrfFrom: null })).statusCode, 403, 'CSRF applies');
      assert.equal((await owner.post('/en/admin/api-tokens', { name: 'x', role: 'owner' }, { csrfFrom: '/en/admin/api-tokens' })).statusCode, 400);

      const row = await t.deps.db.selectFrom('api_tokens').selectAll().where('name', '=', 'Website widget').executeTakeFirstOrThrow();
      assert.equal(row.created_by, 'token-owner@example.org');
      // The list's button asks first: the token, its role, and that programs using it stop; nothing is revoked yet.
      const asked = await owner.post(`/en/admin/api-tokens/${row.id}/revoke`, {}, { csrfFrom: '/en/admin/api-tokens' });
      assert.equal(asked.statusCode, 200);
      assert.match(asked.body, /Revoke the token “Website widget”\?/);
      assert.match(asked.body, /name="confirm" value="yes"/);
      assert.equal((await call(t, 'GET', '/api/v1/stats', token)).statusCode, 200, 'still valid after the question');
      assert.equal((await owner.post(`/en/admin/api-tokens/${row.id}/revoke`, { confirm: 'no' }, { csrfFrom: '/en/admin/api-tokens' })).statusCode, 200);
      assert.equal((await call(t, 'GET', '/api/v1/stats', token)).statusCode, 200, 'only confirm=yes revokes');
      const revoked = await owner.post(`/en/admin/api-tokens/${row.id}/revoke`, { confirm: 'yes' }, { csrfFrom: '/en/admin/api-tokens' });
      assert.equal(revoked.statusCode, 303);
      assert.equal(revoked.headers.location, '/en/admin/api-tokens?done=revoked');
      assertError(await call(t, 'GET', '/api/v1/stats', token), 401, 'unauthorized');
      const audit = await t.deps.db.selectFrom('audit_events').selectAll().where('subject', '=', `api_token:${row.id}`).orderBy('id').execute();
      assert.deepEqual(
        audit.map((a) => [a.action, a.actor_label]),
        [
          ['api_token.create', 'token-owner@example.org'],
          ['api_token.revoke', 'token-owner@example.org'],
        ],
      );

      const editorStaff = await t.signedInClient('editor', 'token-editor@example.org');
      assert.equal((await editorStaff.get('/en/admin/api-tokens')).statusCode, 403);
    });
  });

  describe(`API tokens never exceed their creator's current role on ${dialect}`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(dialect);
      await withApi(t);
      await addMember(t.deps, cliActor, { email: 'someone@example.org', name: 'Someone', language: 'en' }, { status: 'subscribed', basis: 'test' });
    });
    after(async () => {
      await t.close();
    });

    /** A token made on the admin page by a signed-in owner, as owners make them. */
    async function tokenMadeBy(email: string, role: 'viewer' | 'editor') {
      const owner = await t.signedInClient('owner', email);
      const page = await owner.post('/en/admin/api-tokens', { name: `${role} of ${email}`, role });
      const token = /value="(plen_[A-Za-z0-9_-]{43})"/.exec(page.body)?.[1];
      assert.ok(token, page.body.slice(0, 300));
      const staff = await t.deps.db.selectFrom('staff_accounts').select('id').where('email', '=', email).executeTakeFirstOrThrow();
      return { token, staffId: staff.id };
    }
    const setRole = (staffId: number, role: 'viewer' | 'editor' | 'owner') =>
      t.deps.db.updateTable('staff_accounts').set({ role }).where('id', '=', staffId).execute();
    const create = (token: string) => call(t, 'POST', '/api/v1/announcements', token, { subject: 'From a token', markdown: 'Hello' });
    const firstMember = async (token: string) => ((await call(t, 'GET', '/api/v1/members', token)).json() as { data: Record<string, unknown>[] }).data[0] ?? {};

    test('an editor token of a creator demoted to viewer acts as a viewer, and as an editor again once promoted', async () => {
      const { token, staffId } = await tokenMadeBy('demoted@example.org', 'editor');
      assert.equal((await create(token)).statusCode, 201);
      assert.ok('email' in (await firstMember(token)));

      await setRole(staffId, 'editor');
      assert.equal((await create(token)).statusCode, 201, 'an editor may still write');

      await setRole(staffId, 'viewer');
      assertError(await create(token), 403, 'forbidden');
      assert.equal((await call(t, 'GET', '/api/v1/stats', token)).statusCode, 200, 'it still reads as a viewer');
      assert.ok(!('email' in (await firstMember(token))), 'without addresses');

      await setRole(staffId, 'owner');
      assert.equal((await create(token)).statusCode, 201, 'checked at each request');
    });

    test('a token of a removed staff account stops working at once', async () => {
      const { token, staffId } = await tokenMadeBy('leaving@example.org', 'viewer');
      assert.equal((await call(t, 'GET', '/api/v1/stats', token)).statusCode, 200);
      await t.deps.db.deleteFrom('staff_accounts').where('id', '=', staffId).execute();
      assertError(await call(t, 'GET', '/api/v1/stats', token), 401, 'unauthorized');
      const row = await t.deps.db.selectFrom('api_tokens').selectAll().where('name', '=', 'viewer of leaving@example.org').executeTakeFirstOrThrow();
      assert.equal(row.created_by_staff_id, staffId, 'the token remembers whose it was');
    });

    test('a token made on the command line belongs to no staff account and keeps its role', async () => {
      const { token, row } = await createApiToken(t.deps, cliActor, { name: 'operator', role: 'editor' });
      assert.equal(row.created_by_staff_id, null);
      assert.equal((await create(token)).statusCode, 201);
    });

    test('tokens made before this release are bound to their creator by address; a token whose creator is gone is revoked', async () => {
      const database = await createTestDatabase(dialect, { migrate: false });
      try {
        const db = database.handle.db;
        const before0007 = Object.fromEntries(Object.entries(migrations).filter(([name]) => name < '0007-token-bindings'));
        const { error } = await new Migrator({ db, provider: { getMigrations: async () => before0007 } }).migrateToLatest();
        assert.equal(error, undefined);
        const now = new Date().toISOString();
        const staff = await db
          .insertInto('staff_accounts')
          .values({
            email: 'kept@example.org',
            email_key: 'kept@example.org',
            name: 'Kept',
            role: 'viewer',
            password_hash: null,
            created_at: now,
            updated_at: now,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        const old = (name: string, createdBy: string) => ({
          name,
          role: 'editor' as const,
          token_hash: hashToken(name),
          created_by: createdBy,
          created_at: now,
          last_used_at: null,
          revoked_at: null,
        });
        await (db as Kysely<any>)
          .insertInto('api_tokens')
          .values([old('by-staff', 'kept@example.org'), old('by-cli', 'cli'), old('by-gone', 'gone@example.org')])
          .execute();
        await migrateToLatest(db);
        const rows = await db.selectFrom('api_tokens').select(['name', 'created_by_staff_id', 'revoked_at']).orderBy('name').execute();
        assert.deepEqual(
          rows.map((r) => [r.name, r.created_by_staff_id, r.revoked_at !== null]),
          [
            ['by-cli', null, false],
            ['by-gone', null, true],
            ['by-staff', staff.id, false],
          ],
        );
      } finally {
        await database.drop();
      }
    });
  });

  describe(`plenary token on ${dialect}`, () => {
    const databases: TestDatabase[] = [];
    const dirs: string[] = [];
    after(async () => {
      for (const d of databases) await d.drop();
      for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
    });

    async function environment(): Promise<Record<string, string>> {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'plenary-token-'));
      dirs.push(dataDir);
      if (dialect === 'sqlite') return { DATA_DIR: dataDir, LOG_LEVEL: 'silent' };
      const database = await createTestDatabase(dialect, { migrate: false });
      databases.push(database);
      return { DATA_DIR: dataDir, LOG_LEVEL: 'silent', DATABASE_URL: database.location.url! };
    }

    /** Runs tokenCommand in this process, capturing what it writes on stdout. */
    async function run(env: Record<string, string>, args: string[]): Promise<string> {
      let out = '';
      const write = process.stdout.write;
      process.stdout.write = ((chunk: unknown, ...rest: unknown[]) => {
        // Only our strings: the test runner's own (binary) reports pass through.
        if (typeof chunk === 'string') {
          out += chunk;
          return true;
        }
        return (write as (...a: unknown[]) => boolean).call(process.stdout, chunk, ...rest);
      }) as typeof process.stdout.write;
      try {
        await tokenCommand(loadConfig(env), args);
      } finally {
        process.stdout.write = write;
      }
      return out;
    }

    async function assertAuthenticates(env: Record<string, string>, token: string, ok: boolean): Promise<void> {
      const handle = await createDb({ url: env.DATABASE_URL, dataDir: env.DATA_DIR });
      try {
        const check = authenticate({ db: handle.db, clock: { now: () => new Date() } }, token);
        if (ok) assert.equal((await check).name, 'ci');
        else await assert.rejects(check, (e: AppError) => e.code === 'unauthorized');
      } finally {
        await handle.close();
      }
    }

    test('token create prints the token alone; list and revoke manage it', async () => {
      const env = await environment();
      const created = await run(env, ['create', '--name', 'ci', '--role', 'editor']);
      assert.match(created, /^plen_[A-Za-z0-9_-]{43}\n$/);
      const token = created.trim();
      await assertAuthenticates(env, token, true);
      const list = await run(env, ['list']);
      assert.match(list, /^id\tname\trole/);
      assert.match(list, /\n1\tci\teditor\t\S+\t\S+\tactive\n$/, 'used once, by the check above');
      assert.doesNotMatch(list, /plen_/);
      assert.equal(await run(env, ['revoke', '1']), 'Revoked token 1 (ci).\n');
      await assertAuthenticates(env, token, false);
      await assert.rejects(run(env, ['revoke', '99']), /no API token with id 99/);
    });

    test('token usage mistakes are usage errors', async () => {
      const env = await environment();
      for (const args of [
        [],
        ['mint'],
        ['create'],
        ['create', '--name', 'ci'],
        ['create', '--name', 'ci', '--role', 'owner'],
        ['create', '--name', '', '--role', 'viewer'],
        ['create', '--name', 'ci', '--role', 'viewer', '--bogus'],
        ['create', '--name', 'ci', '--role', 'viewer', 'extra'],
        ['revoke'],
        ['revoke', 'abc'],
        ['revoke', '1', '2'],
        ['list', '--all'],
      ]) {
        await assert.rejects(run(env, args), UsageError, args.join(' '));
      }
    });

    test('plenary token create (the installed command) prints the token alone and exits 0', async () => {
      const env = await environment();
      const child = spawn(process.execPath, [bin, 'token', 'create', '--name', 'ci', '--role', 'editor'], {
        env: {
          ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !['DATABASE_URL', 'PORT', 'PUBLIC_URL', 'SECRET_KEY', 'PLENARY_DEMO'].includes(k))),
          ...env,
        },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => {
        stdout += d;
      });
      child.stderr.on('data', (d) => {
        stderr += d;
      });
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      assert.equal(code, 0, stderr);
      assert.match(stdout, /^plen_[A-Za-z0-9_-]{43}\n$/);
      assert.equal(stderr, '');
      await assertAuthenticates(env, stdout.trim(), true);
      const bad = spawn(process.execPath, [bin, 'token', 'create', '--name', 'ci', '--role', 'owner'], { env: { ...process.env, ...env } });
      bad.stdout.resume();
      bad.stderr.resume();
      assert.equal(await new Promise<number | null>((resolve) => bad.on('close', resolve)), 2);
    });
  });
}
