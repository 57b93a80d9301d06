import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dialects } from '../../../test/dialects.ts';
import { type SmtpPeer, startSmtpPeer } from '../../../test/smtp-peer.ts';
import { createTestApp, type TestApp, TestClient, testPassword } from '../../../test/test-app.ts';
import { listAuditEvents } from '../audit/audit.repository.ts';
import { cliActor } from '../audit/audit.service.ts';
import { createStaffAccount } from './auth.service.ts';
import { deactivateStaff } from './staff-lifecycle.service.ts';

const newPassword = 'a brand new passphrase';

function from(ip: string) {
  return { headers: { 'x-forwarded-for': ip } };
}

for (const dialect of dialects) {
  describe(`forgot password on ${dialect}`, () => {
    let peer: SmtpPeer;
    let t: TestApp;
    before(async () => {
      peer = await startSmtpPeer({ smtpUtf8: true });
      t = await createTestApp(dialect, { SMTP_URL: peer.url, TRUST_PROXY: 'true' });
    });
    after(async () => {
      await t.close();
      await peer.close();
    });

    const resetLinks = (to: string) =>
      peer.received
        .filter((m) => m.to.includes(to))
        .map((m) => /\/(?:en|fr)\/admin\/reset-password\/([A-Za-z0-9_.-]+)/.exec(m.raw.replace(/=\r?\n/g, ''))?.[1]);

    async function ask(email: string, ip = '192.0.2.1', locale = 'en') {
      return new TestClient(t.app).post(`/${locale}/admin/forgot-password`, { email }, from(ip));
    }

    test('the answer is the same whether or not the account exists; only a real account gets a link', async () => {
      const session = await t.signedInClient('editor', 'forgetful@example.org');
      const known = await ask('forgetful@example.org');
      const unknown = await ask('nobody-here@example.org');
      assert.equal(known.statusCode, 303);
      assert.equal(unknown.statusCode, 303);
      assert.equal(known.headers.location, unknown.headers.location);
      const page = await new TestClient(t.app).get(String(known.headers.location));
      assert.match(page.body, /If this address belongs to a staff account/);
      assert.equal(await t.runJobs(), 2, 'both requests are looked up later, by the worker');
      assert.equal(resetLinks('nobody-here@example.org').length, 0);
      const [token] = resetLinks('forgetful@example.org');
      assert.ok(token, 'the account got a reset link');
      const stored = await t.deps.db.selectFrom('staff_links').selectAll().where('purpose', '=', 'reset_password').execute();
      assert.ok(
        stored.every((l) => l.token_hash !== token && !l.token_hash.includes(token.split('.')[0] ?? '?')),
        'only a hash of the token is stored',
      );

      const stranger = new TestClient(t.app);
      const form = await stranger.get(`/en/admin/reset-password/${token}`);
      assert.equal(form.statusCode, 200);
      assert.equal(form.headers['referrer-policy'], 'no-referrer');
      assert.equal((await stranger.post(`/en/admin/reset-password/${token}`, { password: 'short' })).statusCode, 400);
      const done = await stranger.post(`/en/admin/reset-password/${token}`, { password: newPassword });
      assert.equal(done.statusCode, 303);
      assert.equal(done.headers.location, '/en/admin/login?done=password');
      assert.equal((await stranger.get(`/en/admin/reset-password/${token}`)).statusCode, 400, 'the link works once');
      assert.equal((await session.get('/en/admin')).statusCode, 302, 'every session of the account ended');
      assert.equal((await new TestClient(t.app).post('/en/admin/login', { email: 'forgetful@example.org', password: testPassword })).statusCode, 401);
      assert.equal((await new TestClient(t.app).post('/en/admin/login', { email: 'forgetful@example.org', password: newPassword })).statusCode, 303);
      const actions = (await listAuditEvents(t.deps.db, { limit: 100 })).map((e) => e.action);
      for (const action of ['auth.password_reset_requested', 'staff.password_reset_sent', 'staff.password_reset']) assert.ok(actions.includes(action), action);
    });

    test('the link expires after an hour, a newer one replaces it, and a forged one is refused', async () => {
      await t.signedInClient('viewer', 'expiring@example.org');
      await ask('expiring@example.org', '192.0.2.2', 'fr');
      await t.runJobs();
      const [first] = resetLinks('expiring@example.org');
      assert.ok(first);
      assert.match(peer.received.at(-1)?.raw ?? '', /Bonjour Test viewer/, 'the email is in French');
      await ask('expiring@example.org', '192.0.2.2');
      await t.runJobs();
      const second = resetLinks('expiring@example.org')[1];
      assert.ok(second && second !== first);
      assert.equal((await new TestClient(t.app).get(`/en/admin/reset-password/${first}`)).statusCode, 400, 'the earlier link stopped working');
      const [random] = String(second).split('.');
      assert.equal((await new TestClient(t.app).get(`/en/admin/reset-password/${random}.AAAAAAAAAAAAAAAAAAAAAA`)).statusCode, 400, 'a forged signature');
      t.clock.advance(60 * 60 * 1000 + 1);
      assert.equal((await new TestClient(t.app).get(`/en/admin/reset-password/${second}`)).statusCode, 410, 'expired');
    });

    test('a deactivated account gets no link, and an invitation link is no reset link', async () => {
      await t.signedInClient('viewer', 'gone@example.org');
      const id = (await t.deps.db.selectFrom('staff_accounts').select('id').where('email', '=', 'gone@example.org').executeTakeFirstOrThrow()).id;
      await deactivateStaff(t.deps, cliActor, id);
      assert.equal((await ask('gone@example.org', '192.0.2.3')).statusCode, 303);
      await t.runJobs();
      assert.equal(resetLinks('gone@example.org').length, 0);
      const { setPasswordToken } = await createStaffAccount(t.deps, cliActor, { email: 'invitee@example.org', name: 'Invitee', role: 'viewer' });
      assert.equal((await new TestClient(t.app).get(`/en/admin/reset-password/${setPasswordToken}`)).statusCode, 400);
      assert.equal((await new TestClient(t.app).get(`/en/admin/set-password/${setPasswordToken}`)).statusCode, 200);
    });

    test('requests are rate limited in the database: per address (429) and per account (silently)', async () => {
      await t.signedInClient('viewer', 'limited@example.org');
      for (let i = 0; i < 5; i++) assert.equal((await ask(`someone${i}@example.org`, '198.51.100.77')).statusCode, 303);
      const sixth = await ask('limited@example.org', '198.51.100.77');
      assert.equal(sixth.statusCode, 429);
      for (let i = 0; i < 5; i++) assert.equal((await ask('limited@example.org', `203.0.113.${100 + i}`)).statusCode, 303, 'the same answer');
      await t.runJobs();
      assert.equal(resetLinks('limited@example.org').length, 3, 'at most three emails per account per 15 minutes');
    });
  });
}
