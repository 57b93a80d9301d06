import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dialects } from '../../../test/dialects.ts';
import { createTestApp, type TestApp, TestClient, testPassword } from '../../../test/test-app.ts';
import { buildApp } from '../../app.ts';
import { listAuditEvents } from '../audit/audit.repository.ts';

function from(ip: string) {
  return { headers: { 'x-forwarded-for': ip } };
}

for (const dialect of dialects) {
  describe(`sign-in throttling and the return path on ${dialect}`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(dialect, { TRUST_PROXY: 'true' });
    });
    after(async () => {
      await t.close();
    });

    test('many wrong passwords from one address never lock the account out for a client that has not failed', async () => {
      await t.signedInClient('owner', 'lockout-target@example.org');
      for (let i = 0; i < 12; i++) {
        const r = await new TestClient(t.app).post('/en/admin/login', { email: 'lockout-target@example.org', password: `guess ${i}` }, from('198.51.100.66'));
        assert.ok(r.statusCode === 401 || r.statusCode === 429, `attempt ${i}: ${r.statusCode}`);
      }
      const owner = await new TestClient(t.app).post('/en/admin/login', { email: 'lockout-target@example.org', password: testPassword }, from('192.0.2.10'));
      assert.equal(owner.statusCode, 303, 'the right password from a clean address opens a session');
      const throttled = await new TestClient(t.app).post(
        '/en/admin/login',
        { email: 'lockout-target@example.org', password: testPassword },
        from('198.51.100.66'),
      );
      assert.equal(throttled.statusCode, 429, 'the failing address itself is slowed down');
    });

    test('delays grow with each failure from the same address, and a success clears them', async () => {
      await t.signedInClient('editor', 'delays@example.org');
      const attempt = (password: string, locale = 'en') =>
        new TestClient(t.app).post(`/${locale}/admin/login`, { email: 'delays@example.org', password }, from('203.0.113.50'));
      for (let i = 0; i < 3; i++) assert.equal((await attempt(`wrong ${i}`)).statusCode, 401, `free failure ${i}`);
      const first = await attempt(testPassword, 'es');
      assert.equal(first.statusCode, 429, 'after three failures the address must wait, even with the right password');
      assert.equal(first.headers['retry-after'], '60');
      assert.match(first.body, /1 minuto/, 'the wait is said in Spanish');
      t.clock.advance(30_000);
      assert.equal((await attempt(testPassword)).headers['retry-after'], '30', 'the wait counts down');
      t.clock.advance(30_001);
      assert.equal((await attempt('wrong again')).statusCode, 401);
      const second = await attempt(testPassword);
      assert.equal(second.statusCode, 429);
      assert.equal(second.headers['retry-after'], '120', 'the second wait is twice as long');
      t.clock.advance(120_001);
      assert.equal((await attempt('wrong once more')).statusCode, 401);
      assert.equal((await attempt(testPassword)).headers['retry-after'], '240');
      t.clock.advance(240_001);
      assert.equal((await attempt(testPassword)).statusCode, 303, 'after the wait the right password works');
      assert.equal((await attempt('a slip')).statusCode, 401, 'the success cleared the count: a slip is free again');
      assert.equal((await attempt(testPassword)).statusCode, 303);
      const events = await listAuditEvents(t.deps.db, { limit: 200 });
      assert.ok(events.some((e) => e.action === 'auth.sign_in_throttled' && e.actor_label === 'delays@example.org'));
    });

    test('the addresses of one IPv6 /64 count as one client', async () => {
      await t.signedInClient('viewer', 'ipv6@example.org');
      for (let i = 1; i <= 3; i++) {
        const r = await new TestClient(t.app).post('/en/admin/login', { email: 'ipv6@example.org', password: 'no' }, from(`2001:db8:1:2::${i}`));
        assert.equal(r.statusCode, 401);
      }
      const sameNetwork = await new TestClient(t.app).post(
        '/en/admin/login',
        { email: 'ipv6@example.org', password: testPassword },
        from('2001:db8:1:2:ffff::9'),
      );
      assert.equal(sameNetwork.statusCode, 429);
      const otherNetwork = await new TestClient(t.app).post('/en/admin/login', { email: 'ipv6@example.org', password: testPassword }, from('2001:db8:1:3::1'));
      assert.equal(otherNetwork.statusCode, 303);
    });

    test('one address guessing across many accounts is stopped; other addresses are not', async () => {
      const sprayer = from('198.51.100.200');
      let refused = 0;
      for (let i = 0; i < 25; i++) {
        const r = await new TestClient(t.app).post('/en/admin/login', { email: `spray${i}@example.org`, password: 'Summer2025!' }, sprayer);
        if (r.statusCode === 429) refused++;
      }
      assert.ok(refused >= 5, `${refused} of 25 refused`);
      await t.signedInClient('viewer', 'sprayed@example.org');
      const clean = await new TestClient(t.app).post('/en/admin/login', { email: 'sprayed@example.org', password: testPassword }, from('192.0.2.77'));
      assert.equal(clean.statusCode, 303);
    });

    test('the throttle lives in the database: a second web instance sees the first one’s failures', async () => {
      await t.signedInClient('viewer', 'two-instances@example.org');
      const again = await t.database.connectAgain();
      const second = await buildApp({ ...t.deps, db: again.db });
      try {
        for (let i = 0; i < 3; i++) {
          const r = await new TestClient(t.app).post('/en/admin/login', { email: 'two-instances@example.org', password: 'no' }, from('203.0.113.9'));
          assert.equal(r.statusCode, 401);
        }
        const elsewhere = await new TestClient(second).post(
          '/en/admin/login',
          { email: 'two-instances@example.org', password: testPassword },
          from('203.0.113.9'),
        );
        assert.equal(elsewhere.statusCode, 429);
      } finally {
        await second.close();
      }
    });

    test('a next path with a tab, CR or LF is dropped: the redirect stays on the site and nothing answers 500', async () => {
      await t.signedInClient('viewer', 'next-path@example.org');
      for (const next of ['/\t/evil.example', '/\n/evil.example', '/en/admin\r\nX-Injected: 1', '/en/admin\r', '/\u202e/admin']) {
        const r = await new TestClient(t.app).post('/en/admin/login', { email: 'next-path@example.org', password: testPassword, next }, from('192.0.2.200'));
        assert.equal(r.statusCode, 303, JSON.stringify(next));
        assert.equal(r.headers.location, '/en/admin', JSON.stringify(next));
        assert.equal(r.headers['x-injected'], undefined);
      }
      const kept = await new TestClient(t.app).post(
        '/en/admin/login',
        { email: 'next-path@example.org', password: testPassword, next: '/en/admin/members?status=active' },
        from('192.0.2.200'),
      );
      assert.equal(kept.headers.location, '/en/admin/members?status=active');
      const page = await new TestClient(t.app).get('/en/admin/login?next=%2F%09%2Fevil.example');
      assert.equal(page.statusCode, 200);
      assert.doesNotMatch(page.body, /name="next"/, 'the form does not carry the unsafe path');
    });

    test('the return path the sign-in redirect builds survives the round trip', async () => {
      const anonymous = new TestClient(t.app);
      const bounce = await anonymous.get('/fr/admin/members?status=active&q=%C3%A9');
      assert.equal(bounce.statusCode, 302);
      const location = new URL(String(bounce.headers.location), 'http://x.invalid');
      const next = location.searchParams.get('next') ?? '';
      await t.signedInClient('viewer', 'round-trip@example.org');
      const r = await anonymous.post('/fr/admin/login', { email: 'round-trip@example.org', password: testPassword, next }, from('192.0.2.201'));
      assert.equal(r.headers.location, '/fr/admin/members?status=active&q=%C3%A9');
    });
  });
}
