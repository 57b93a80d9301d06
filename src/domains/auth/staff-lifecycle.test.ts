import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dialects } from '../../../test/dialects.ts';
import { startSmtpPeer } from '../../../test/smtp-peer.ts';
import { createTestApp, type TestApp, TestClient, testPassword } from '../../../test/test-app.ts';
import { createApiToken } from '../api/api-token.service.ts';
import { listAuditEvents } from '../audit/audit.repository.ts';
import { cliActor } from '../audit/audit.service.ts';
import { createStaffAccount } from './auth.service.ts';
import { changeRole, deactivateStaff, removeStaff } from './staff-lifecycle.service.ts';

async function staffId(t: TestApp, email: string): Promise<number> {
  const row = await t.deps.db.selectFrom('staff_accounts').select('id').where('email', '=', email).executeTakeFirstOrThrow();
  return row.id;
}

async function lastAudit(t: TestApp, action: string) {
  return (await listAuditEvents(t.deps.db, { limit: 200 })).find((e) => e.action === action);
}

function api(t: TestApp, token: string) {
  return t.app.inject({ method: 'GET', url: '/api/v1/stats', headers: { authorization: `Bearer ${token}` } });
}

for (const dialect of dialects) {
  describe(`staff account lifecycle on ${dialect}`, () => {
    let t: TestApp;
    let owner: TestClient;
    before(async () => {
      t = await createTestApp(dialect);
      owner = await t.signedInClient('owner', 'lifecycle-owner@example.org');
    });
    after(async () => {
      await t.close();
    });

    test('deactivating asks for confirmation on a plain page, then ends sessions and API tokens at once', async () => {
      const editor = await t.signedInClient('editor', 'deactivate-me@example.org');
      const id = await staffId(t, 'deactivate-me@example.org');
      const { token } = await createApiToken(t.deps, { staffId: id, label: 'deactivate-me@example.org' }, { name: 'CRM sync', role: 'editor' });
      assert.equal((await api(t, token)).statusCode, 200);
      assert.equal((await editor.get('/en/admin')).statusCode, 200);

      const list = await owner.get('/en/admin/staff');
      assert.match(list.body, new RegExp(`href="/en/admin/staff/${id}/deactivate"`), 'the list links to the confirmation page');
      const confirm = await owner.get(`/fr/admin/staff/${id}/deactivate`);
      assert.equal(confirm.statusCode, 200);
      assert.match(confirm.body, new RegExp(`<form method="post" action="/fr/admin/staff/${id}/deactivate"`));
      assert.match(confirm.body, /name="_csrf"/);
      assert.match(confirm.body, /Désactiver/);
      assert.equal((await editor.get('/en/admin')).statusCode, 200, 'the confirmation page itself changes nothing');

      const done = await owner.post(
        `/en/admin/staff/${id}/deactivate`,
        { reason: 'Left the team\u202e today' },
        { csrfFrom: `/en/admin/staff/${id}/deactivate` },
      );
      assert.equal(done.statusCode, 303);
      assert.equal(done.headers.location, '/en/admin/staff?done=deactivated');
      assert.equal((await editor.get('/en/admin')).statusCode, 302, 'the open session ended at once');
      assert.equal((await api(t, token)).statusCode, 401, 'the API token it created is revoked at once');
      const refused = await new TestClient(t.app).post('/en/admin/login', { email: 'deactivate-me@example.org', password: testPassword });
      assert.equal(refused.statusCode, 401, 'it cannot sign in, and the form says no more than for a wrong password');
      const event = await lastAudit(t, 'staff.deactivate');
      assert.ok(event);
      assert.deepEqual(JSON.parse(event.details ?? '{}'), { email: 'deactivate-me@example.org', api_tokens_revoked: 1, reason: 'Left the team today' });
      assert.match((await owner.get('/en/admin/staff?done=deactivated')).body, /Deactivated/);

      const back = await owner.post(`/en/admin/staff/${id}/reactivate`, {}, { csrfFrom: '/en/admin/staff' });
      assert.equal(back.statusCode, 303);
      assert.equal((await new TestClient(t.app).post('/en/admin/login', { email: 'deactivate-me@example.org', password: testPassword })).statusCode, 303);
      assert.equal((await api(t, token)).statusCode, 401, 'revoked tokens stay revoked');
      assert.ok(await lastAudit(t, 'staff.reactivate'));
    });

    test('removing asks for confirmation, deletes the account and its sessions, and keeps the audit trail', async () => {
      const viewer = await t.signedInClient('viewer', 'remove-me@example.org');
      const id = await staffId(t, 'remove-me@example.org');
      assert.equal((await owner.get(`/en/admin/staff/${id}/remove`)).statusCode, 200);
      const done = await owner.post(`/en/admin/staff/${id}/remove`, { reason: '' }, { csrfFrom: `/en/admin/staff/${id}/remove` });
      assert.equal(done.statusCode, 303);
      assert.equal((await viewer.get('/en/admin')).statusCode, 302);
      assert.equal(await t.deps.db.selectFrom('staff_accounts').select('id').where('id', '=', id).executeTakeFirst(), undefined);
      assert.equal(await t.deps.db.selectFrom('staff_sessions').select('token_hash').where('staff_account_id', '=', id).executeTakeFirst(), undefined);
      const event = await lastAudit(t, 'staff.remove');
      assert.equal(event?.subject, `staff:${id}`);
      assert.equal(JSON.parse(event?.details ?? '{}').email, 'remove-me@example.org');
      assert.ok(
        (await listAuditEvents(t.deps.db, { limit: 500 })).some((e) => e.action === 'auth.sign_in' && e.actor_label === 'remove-me@example.org'),
        'its past is still in the log',
      );
      assert.equal((await owner.get(`/en/admin/staff/${id}/remove`)).statusCode, 404);
    });

    test('the last active owner cannot be deactivated, removed or demoted; a deactivated owner does not count', async () => {
      const lone = await createTestApp(dialect);
      try {
        const only = await lone.signedInClient('owner', 'only@example.org');
        const id = await staffId(lone, 'only@example.org');
        for (const action of ['deactivate', 'remove']) {
          const r = await only.post(`/en/admin/staff/${id}/${action}`, {}, { csrfFrom: `/en/admin/staff/${id}/${action}` });
          assert.equal(r.statusCode, 409, action);
          assert.match(r.body, /at least one owner/);
        }
        assert.equal((await only.post(`/en/admin/staff/${id}/role`, { role: 'editor' }, { csrfFrom: '/en/admin/staff' })).statusCode, 409);

        await lone.signedInClient('owner', 'second@example.org');
        const second = await staffId(lone, 'second@example.org');
        await deactivateStaff(lone.deps, cliActor, second);
        assert.equal(
          (await only.post(`/en/admin/staff/${id}/role`, { role: 'viewer' }, { csrfFrom: '/en/admin/staff' })).statusCode,
          409,
          'the deactivated owner is no cover',
        );
        await createStaffAccount(lone.deps, cliActor, { email: 'invited-owner@example.org', name: 'Invited', role: 'owner' });
        assert.equal(
          (await only.post(`/en/admin/staff/${id}/deactivate`, {}, { csrfFrom: '/en/admin/staff' })).statusCode,
          409,
          'nor is an owner who never set a password',
        );
        const row = await lone.deps.db.selectFrom('staff_accounts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
        assert.equal(row.role, 'owner');
        assert.equal(row.deactivated_at, null);
      } finally {
        await lone.close();
      }
    });

    test('two owners deactivating each other at the same moment leave one owner standing', async () => {
      const pair = await createTestApp(dialect);
      try {
        await createStaffAccount(pair.deps, cliActor, { email: 'a@example.org', name: 'A', role: 'owner', password: testPassword });
        await createStaffAccount(pair.deps, cliActor, { email: 'b@example.org', name: 'B', role: 'owner', password: testPassword });
        const [a, b] = [await staffId(pair, 'a@example.org'), await staffId(pair, 'b@example.org')];
        // Two pools on PostgreSQL race for real. SQLite in one process is one writer at a time by design (a
        // second connection would block the event loop in busy_timeout), so there the calls share one.
        const other = dialect === 'postgres' ? await pair.database.connectAgain() : pair.database.handle;
        const results = await Promise.allSettled([
          deactivateStaff(pair.deps, cliActor, b),
          deactivateStaff({ ...pair.deps, db: other.db }, cliActor, a),
          removeStaff(pair.deps, cliActor, b),
          changeRole({ ...pair.deps, db: other.db }, cliActor, a, 'viewer'),
        ]);
        const active = await pair.deps.db.selectFrom('staff_accounts').select('id').where('role', '=', 'owner').where('deactivated_at', 'is', null).execute();
        assert.equal(active.length, 1, JSON.stringify(results.map((r) => r.status)));
      } finally {
        await pair.close();
      }
    });

    test('once an invitation is sent, its set-password link is kept nowhere: the finished job forgets its payload', async () => {
      const peer = await startSmtpPeer({ smtpUtf8: true });
      const relayed = await createTestApp(dialect, { SMTP_URL: peer.url });
      try {
        const inviter = await relayed.signedInClient('owner', 'inviter@example.org');
        await inviter.post('/en/admin/staff', { email: 'guest@example.org', name: 'Guest', role: 'viewer' }, { csrfFrom: '/en/admin/staff' });
        const queued = await relayed.deps.db.selectFrom('jobs').select(['payload']).where('name', '=', 'mail.send').executeTakeFirstOrThrow();
        const token = /set-password\/([A-Za-z0-9_-]+)/.exec(queued.payload)?.[1];
        assert.ok(token, 'the queued mail carries the link until it is sent');
        await relayed.runJobs();
        assert.match(peer.received[0]?.raw.replace(/=\r?\n/g, '') ?? '', new RegExp(token));
        const jobs = await relayed.deps.db.selectFrom('jobs').select(['status', 'payload']).where('name', '=', 'mail.send').execute();
        assert.deepEqual(jobs, [{ status: 'done', payload: '{}' }]);
      } finally {
        await relayed.close();
        await peer.close();
      }
    });

    test('an invitation can be resent (the old link stops working) and revoked (the link and the account go)', async () => {
      const peer = await startSmtpPeer({ smtpUtf8: true });
      const relayed = await createTestApp(dialect, { SMTP_URL: peer.url });
      const links = () => peer.received.map((m) => /\/en\/admin\/set-password\/([A-Za-z0-9_-]+)/.exec(m.raw.replace(/=\r?\n/g, ''))?.[1]);
      try {
        const inviter = await relayed.signedInClient('owner', 'inviter@example.org');
        assert.equal(
          (await inviter.post('/en/admin/staff', { email: 'guest@example.org', name: 'Guest', role: 'viewer' }, { csrfFrom: '/en/admin/staff' })).statusCode,
          303,
        );
        await relayed.runJobs();
        const id = await staffId(relayed, 'guest@example.org');
        const list = await inviter.get('/en/admin/staff');
        assert.match(list.body, new RegExp(`action="/en/admin/staff/${id}/invitation/resend"`));
        assert.equal((await inviter.post(`/en/admin/staff/${id}/invitation/resend`, {}, { csrfFrom: '/en/admin/staff' })).statusCode, 303);
        await relayed.runJobs();
        const [first, second] = links();
        assert.ok(first && second && first !== second, 'two different links were mailed');
        const stranger = new TestClient(relayed.app);
        assert.equal((await stranger.get(`/en/admin/set-password/${first}`)).statusCode, 400, 'the first link no longer works');
        assert.equal((await stranger.get(`/en/admin/set-password/${second}`)).statusCode, 200);
        assert.ok(await lastAudit(relayed, 'staff.invitation_resend'));

        assert.equal((await inviter.get(`/en/admin/staff/${id}/invitation/revoke`)).statusCode, 200);
        const revoked = await inviter.post(
          `/en/admin/staff/${id}/invitation/revoke`,
          { reason: 'Wrong address' },
          { csrfFrom: `/en/admin/staff/${id}/invitation/revoke` },
        );
        assert.equal(revoked.statusCode, 303);
        assert.equal((await stranger.get(`/en/admin/set-password/${second}`)).statusCode, 400, 'the revoked link no longer works');
        assert.equal(await relayed.deps.db.selectFrom('staff_accounts').select('id').where('id', '=', id).executeTakeFirst(), undefined);
        assert.equal(JSON.parse((await lastAudit(relayed, 'staff.invitation_revoke'))?.details ?? '{}').reason, 'Wrong address');

        const self = await staffId(relayed, 'inviter@example.org');
        assert.equal(
          (await inviter.post(`/en/admin/staff/${self}/invitation/resend`, {}, { csrfFrom: '/en/admin/staff' })).statusCode,
          409,
          'an account with a password has no invitation',
        );
      } finally {
        await relayed.close();
        await peer.close();
      }
    });
  });
}
