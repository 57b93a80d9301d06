import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { dialects } from '../../../test/dialects.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { createApiToken } from '../api/api-token.service.ts';
import { cliActor } from '../audit/audit.service.ts';
import { addMember } from '../members/member.service.ts';
import { requireNetwork } from '../site/site.service.ts';
import { receivePost } from './discussion-intake.service.ts';
import { signedMessage, startSenderDns } from './discussion-post-test-kit.ts';
import { updateDiscussionSettings } from './discussion-settings.ts';

type Json = Record<string, any>;

function call(t: TestApp, method: 'GET' | 'POST', url: string, token: string, body?: unknown) {
  return t.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
  });
}

function errorCode(response: LightMyRequestResponse, status: number): string {
  assert.equal(response.statusCode, status, response.body);
  return (response.json() as { error: { code: string } }).error.code;
}

for (const dialect of dialects) {
  describe(`the discussion API on ${dialect}`, () => {
    let t: TestApp;
    let dns: Awaited<ReturnType<typeof startSenderDns>>;
    let viewer: string;
    let editor: string;
    const held: Record<string, number> = {};

    before(async () => {
      t = await createTestApp(dialect, { PUBLIC_URL: 'https://outreach.example.org', BOUNCE_DOMAIN: 'bounces.example.org' });
      dns = await startSenderDns();
      viewer = (await createApiToken(t.deps, cliActor, { name: 'dashboard', role: 'viewer' })).token;
      editor = (await createApiToken(t.deps, cliActor, { name: 'moderation-bot', role: 'editor' })).token;
      await addMember(
        t.deps,
        cliActor,
        { email: 'amina.diallo@example.net', name: 'Amina Diallo', language: 'en', memberState: 'SN' },
        { status: 'subscribed', basis: 'test' },
      );
      const network = await requireNetwork(t.deps);
      await updateDiscussionSettings(t.deps, cliActor, network.id, { policy: 'moderate_new', nonMembers: 'hold' });
      for (const [key, from, subject] of [
        ['member', 'Amina Diallo <amina.diallo@example.net>', 'Revision 2'],
        ['stranger', 'stranger@example.net', 'Hello'],
        ['other', 'other@example.net', 'Offer'],
      ] as const) {
        const raw = await signedMessage([`From: ${from}`, `Subject: ${subject}`, `Message-ID: <${key}@example.net>`], `Text of ${subject}.\n`);
        const outcome = await receivePost(
          { ...t.deps, resolver: dns.resolver },
          { mailFrom: from.replace(/^.*<|>$/g, ''), clientIp: '127.0.0.1', helo: 'mail.example.net' },
          raw,
        );
        assert.equal(outcome.result, 'held', outcome.detail);
        held[key] = outcome.postId!;
      }
    });
    after(async () => {
      await dns.close();
      await t.close();
    });

    test('the queue is for editor tokens, with why each post is held and its authentication results', async () => {
      assert.equal(errorCode(await call(t, 'GET', '/api/v1/moderation', viewer), 403), 'forbidden');
      const response = await call(t, 'GET', '/api/v1/moderation?limit=2', editor);
      assert.equal(response.statusCode, 200, response.body);
      const body = response.json() as Json;
      assert.equal(body.data.length, 2);
      assert.equal(body.next, String(held.stranger));
      assert.equal(body.data[0].heldFor, 'first_post');
      assert.equal(body.data[0].from.address, 'amina.diallo@example.net');
      assert.equal(body.data[0].authentication.dmarc, 'pass');
      assert.equal(body.data[1].heldFor, 'non_member');
      const rest = (await call(t, 'GET', `/api/v1/moderation?after=${body.next}`, editor)).json() as Json;
      assert.deepEqual(
        rest.data.map((p: Json) => p.id),
        [held.other],
      );
    });

    test('approve with trust publishes the post into a thread; a viewer reads it without addresses', async () => {
      assert.equal(errorCode(await call(t, 'POST', `/api/v1/moderation/${held.member}/approve`, viewer, {}), 403), 'forbidden');
      const approved = await call(t, 'POST', `/api/v1/moderation/${held.member}/approve`, editor, { trust: true });
      assert.equal(approved.statusCode, 200, approved.body);
      assert.deepEqual(approved.json(), { id: held.member, status: 'published', authorTold: false });
      const list = (await call(t, 'GET', '/api/v1/threads', viewer)).json() as Json;
      assert.equal(list.data.length, 1);
      assert.equal(list.data[0].subject, 'Revision 2');
      assert.equal(list.data[0].postCount, 1);
      assert.equal(list.next, null);
      const thread = (await call(t, 'GET', `/api/v1/threads/${list.data[0].id}`, viewer)).json() as Json;
      assert.equal(thread.posts[0].messageId, 'member@example.net');
      assert.deepEqual(thread.posts[0].from, { name: 'Amina Diallo', address: null });
      assert.match(thread.posts[0].text, /Text of Revision 2/);
      const asEditor = (await call(t, 'GET', `/api/v1/threads/${list.data[0].id}`, editor)).json() as Json;
      assert.equal(asEditor.posts[0].from.address, 'amina.diallo@example.net');
      assert.equal(errorCode(await call(t, 'GET', '/api/v1/threads/999999', viewer), 404), 'not_found');
      const audit = await t.deps.db.selectFrom('audit_events').select(['actor_label']).where('action', '=', 'discussion.post_approve_trust').execute();
      assert.deepEqual(audit, [{ actor_label: 'api:moderation-bot' }]);
    });

    test('reject needs a reason; discard sends nothing; a decided post cannot be decided again', async () => {
      assert.equal(errorCode(await call(t, 'POST', `/api/v1/moderation/${held.stranger}/reject`, editor, { reason: '   ' }), 400), 'invalid_input');
      assert.equal(errorCode(await call(t, 'POST', `/api/v1/moderation/${held.stranger}/reject`, editor, {}), 400), 'invalid_input');
      const rejected = await call(t, 'POST', `/api/v1/moderation/${held.stranger}/reject`, editor, { reason: 'Members only, please join first.' });
      assert.equal(rejected.statusCode, 200, rejected.body);
      assert.deepEqual(rejected.json(), { id: held.stranger, status: 'rejected', authorTold: true });
      const discarded = await call(t, 'POST', `/api/v1/moderation/${held.other}/discard`, editor);
      assert.equal((discarded.json() as Json).status, 'discarded');
      assert.equal(errorCode(await call(t, 'POST', `/api/v1/moderation/${held.other}/approve`, editor, {}), 409), 'discussion_post_decided');
      const left = (await call(t, 'GET', '/api/v1/moderation', editor)).json() as Json;
      assert.equal(left.data.length, 0);
    });
  });
}
