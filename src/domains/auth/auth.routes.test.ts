import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dialects } from '../../../test/dialects.ts';
import { startSmtpPeer } from '../../../test/smtp-peer.ts';
import { createTestApp, type TestApp, TestClient, testPassword } from '../../../test/test-app.ts';
import { routeTable } from '../../routes.ts';
import { listAuditEvents } from '../audit/audit.repository.ts';

for (const dialect of dialects) {
  describe(`staff sign-in and permissions on ${dialect}`, () => {
    let t: TestApp;
    before(async () => {
      // Behind a trusted proxy, so tests can speak from different IPs through X-Forwarded-For.
      t = await createTestApp(dialect, { TRUST_PROXY: 'true' });
    });
    after(async () => {
      await t.close();
    });

    test('the sign-in page is served at /admin/login and under every locale prefix', async () => {
      const client = new TestClient(t.app);
      const plain = await client.get('/admin/login');
      assert.equal(plain.statusCode, 200);
      assert.match(plain.body, /<form method="post" action="\/en\/admin\/login"/);
      const arabic = await client.get('/ar/admin/login');
      assert.match(arabic.body, /<html lang="ar" dir="rtl">/);
    });

    test('a correct password opens a session with a safe cookie; sign-out ends it', async () => {
      const client = await t.signedInClient('owner', 'owner-session@example.org');
      const dashboard = await client.get('/en/admin');
      assert.equal(dashboard.statusCode, 200);
      assert.match(dashboard.body, /Test owner/);

      const fresh = new TestClient(t.app);
      const response = await fresh.post('/en/admin/login', { email: 'OWNER-SESSION@example.org', password: testPassword });
      assert.equal(response.statusCode, 303, 'the address matches whatever its case');
      const cookie = String(response.headers['set-cookie'])
        .split(/,(?=\s*\w+=)/)
        .find((c) => c.trim().startsWith('plenary_session='));
      assert.ok(cookie);
      assert.match(cookie, /HttpOnly/);
      assert.match(cookie, /SameSite=Lax/);
      assert.doesNotMatch(cookie, /Secure/, 'no Secure flag on a plain-http public URL');

      const out = await client.post('/en/admin/logout', {}, { csrfFrom: '/en/admin' });
      assert.equal(out.statusCode, 303);
      assert.equal((await client.get('/en/admin')).statusCode, 302, 'signed out: back to sign-in');
    });

    test('cookies are Secure when PUBLIC_URL is https', async () => {
      const secure = await createTestApp(dialect, { PUBLIC_URL: 'https://outreach.example.org' });
      try {
        const client = await secure.signedInClient('viewer');
        assert.ok(client.cookies.has('plenary_session'));
        const response = await new TestClient(secure.app).post('/en/admin/login', { email: 'viewer@example.org', password: testPassword });
        assert.match(String(response.headers['set-cookie']), /plenary_session=[^;]+;[^,]*Secure/);
      } finally {
        await secure.close();
      }
    });

    test('a wrong password is refused with a translated message and recorded', async () => {
      await t.signedInClient('editor', 'editor-wrong@example.org');
      const response = await new TestClient(t.app).post('/fr/admin/login', { email: 'editor-wrong@example.org', password: 'not the password' });
      assert.equal(response.statusCode, 401);
      assert.match(response.body, /role="alert"/);
      const events = await listAuditEvents(t.deps.db, { limit: 50 });
      assert.ok(events.some((e) => e.action === 'auth.sign_in_failed' && e.actor_label === 'editor-wrong@example.org'));
      assert.ok(events.some((e) => e.action === 'auth.sign_in' && e.actor_label === 'editor-wrong@example.org'));
    });

    test('a form posted without its CSRF token is refused with 403', async () => {
      const client = await t.signedInClient('owner', 'csrf-owner@example.org');
      const response = await client.post('/en/admin/staff', { email: 'x@example.org', name: 'X', role: 'viewer' }, { csrfFrom: null });
      assert.equal(response.statusCode, 403);
      const forged = await client.post('/en/admin/staff', { email: 'x@example.org', name: 'X', role: 'viewer', _csrf: 'forged' }, { csrfFrom: null });
      assert.equal(forged.statusCode, 403);
      const signIn = await new TestClient(t.app).post('/en/admin/login', { email: 'csrf-owner@example.org', password: testPassword }, { csrfFrom: null });
      assert.equal(signIn.statusCode, 403, 'the sign-in form is protected too');
    });

    test('every admin route refuses anonymous visitors and enforces its role', async () => {
      const viewer = await t.signedInClient('viewer', 'perm-viewer@example.org');
      const editor = await t.signedInClient('editor', 'perm-editor@example.org');
      const anonymous = new TestClient(t.app);
      const rank = { viewer: 1, editor: 2, owner: 3 } as const;
      for (const route of routeTable(t.deps)) {
        if (route.access === 'public') continue;
        const url = `/en${route.path.replace(':id', '1')}`;
        if (route.method === 'GET') {
          const anon = await anonymous.get(url);
          assert.equal(anon.statusCode, 302, `${url} redirects anonymous visitors`);
          assert.match(String(anon.headers.location), /\/en\/admin\/login\?next=/);
          for (const [role, client] of [
            ['viewer', viewer],
            ['editor', editor],
          ] as const) {
            const r = await client.get(url);
            const allowed = rank[role] >= rank[route.access];
            assert.ok(allowed ? r.statusCode !== 403 && r.statusCode !== 302 : r.statusCode === 403, `${role} on GET ${url}: ${r.statusCode}`);
          }
        } else {
          const anon = await anonymous.post(url, {}, { csrfFrom: null });
          assert.equal(anon.statusCode, 401, `POST ${url} refuses anonymous visitors`);
          if (rank.editor < rank[route.access]) {
            const r = await editor.post(url, { role: 'owner', email: 'e@example.org', name: 'E' }, { csrfFrom: '/en/admin' });
            assert.equal(r.statusCode, 403, `editor on POST ${url}`);
          }
        }
      }
    });

    test('an owner invites staff: the invite email carries a link that sets a password once', async () => {
      // Through a real relay: captured mail never keeps a set-password link (src/domains/delivery/CONTEXT.md).
      const peer = await startSmtpPeer({ smtpUtf8: true });
      const relayed = await createTestApp(dialect, { SMTP_URL: peer.url });
      try {
        const owner = await relayed.signedInClient('owner', 'inviter@example.org');
        const invited = await owner.post('/en/admin/staff', { email: 'josé@ejemplo.es', name: 'José Pérez', role: 'editor' }, { csrfFrom: '/en/admin/staff' });
        assert.equal(invited.statusCode, 303);
        assert.equal(await relayed.runJobs(), 1, 'the invite email job ran');
        assert.deepEqual(peer.received[0]?.to, ['josé@ejemplo.es']);
        const link = /\/en\/admin\/set-password\/([A-Za-z0-9_-]+)/.exec(peer.received[0]!.raw.replace(/=\r?\n/g, ''));
        assert.ok(link, 'the email carries the set-password link');
        const path = `/en/admin/set-password/${link[1]}`;

        const stranger = new TestClient(relayed.app);
        assert.equal((await stranger.get(path)).statusCode, 200);
        assert.equal((await stranger.post(path, { password: 'short' })).statusCode, 400);
        assert.equal((await stranger.post(path, { password: 'a long enough passphrase' })).statusCode, 303);
        assert.equal((await stranger.get(path)).statusCode, 400, 'a used link is refused');
        assert.equal((await stranger.signIn('josé@ejemplo.es', 'a long enough passphrase')).statusCode, 303);
      } finally {
        await relayed.close();
        await peer.close();
      }
    });

    test('owners change roles, but never demote the last owner; changes are audited', async () => {
      const lone = await createTestApp(dialect);
      try {
        const owner = await lone.signedInClient('owner', 'only-owner@example.org');
        const staff = await lone.deps.db.selectFrom('staff_accounts').selectAll().executeTakeFirstOrThrow();
        const refused = await owner.post(`/en/admin/staff/${staff.id}/role`, { role: 'viewer' }, { csrfFrom: '/en/admin/staff' });
        assert.equal(refused.statusCode, 409);
        await lone.signedInClient('viewer', 'promote-me@example.org');
        const other = await lone.deps.db.selectFrom('staff_accounts').selectAll().where('email', '=', 'promote-me@example.org').executeTakeFirstOrThrow();
        const promoted = await owner.post(`/en/admin/staff/${other.id}/role`, { role: 'owner' }, { csrfFrom: '/en/admin/staff' });
        assert.equal(promoted.statusCode, 303);
        const events = await listAuditEvents(lone.deps.db, { limit: 20 });
        const change = events.find((e) => e.action === 'staff.role_change');
        assert.ok(change);
        assert.equal(change.actor_label, 'only-owner@example.org');
        assert.deepEqual(JSON.parse(change.details ?? '{}'), { from: 'viewer', to: 'owner' });
        const auditPage = await owner.get('/en/admin/audit');
        assert.match(auditPage.body, /staff\.role_change/);
      } finally {
        await lone.close();
      }
    });
  });
}
