import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dialects } from '../../../test/dialects.ts';
import { createTestApp, type TestApp, TestClient, testPassword } from '../../../test/test-app.ts';
import { listAuditEvents } from '../audit/audit.repository.ts';
import { cliActor } from '../audit/audit.service.ts';
import { createStaffAccount } from './auth.service.ts';
import { base32Decode, totpAt } from './totp.ts';

/** Reads the secret from the setup page, as a person typing it into their app would. */
function secretOf(body: string): Buffer {
  const text = /<code class="secret-text" dir="ltr">([A-Z2-7 ]+)<\/code>/.exec(body)?.[1];
  assert.ok(text, 'the setup page shows the secret as text');
  return base32Decode(text);
}

function codesOf(body: string): string[] {
  return [...body.matchAll(/<li><code>([a-z2-7-]{19})<\/code><\/li>/g)].map((m) => m[1] as string);
}

async function actions(t: TestApp): Promise<string[]> {
  return (await listAuditEvents(t.deps.db, { limit: 300 })).map((e) => e.action);
}

for (const dialect of dialects) {
  describe(`two-factor sign-in on ${dialect}`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(dialect, { TRUST_PROXY: 'true' });
    });
    after(async () => {
      await t.close();
    });

    /** Enrols a signed-in client; returns its secret and recovery codes. */
    async function enrol(client: TestClient): Promise<{ secret: Buffer; codes: string[] }> {
      const setup = await client.get('/en/admin/two-factor/setup');
      assert.equal(setup.statusCode, 200);
      assert.equal(setup.headers['cache-control'], 'no-store');
      assert.match(setup.body, /<img class="qr-code" src="data:image\/png;base64,[A-Za-z0-9+/=]+"/, 'a QR code');
      const secret = secretOf(setup.body);
      assert.equal(
        secretOf((await client.get('/en/admin/two-factor/setup')).body).toString('hex'),
        secret.toString('hex'),
        'the same secret until enrolment ends',
      );
      const wrong = await client.post(
        '/en/admin/two-factor/setup',
        { code: '000000' === totpAt(secret, t.clock.now()) ? '111111' : '000000' },
        { csrfFrom: '/en/admin/two-factor/setup' },
      );
      assert.equal(wrong.statusCode, 400, 'a wrong code does not turn it on');
      const done = await client.post('/en/admin/two-factor/setup', { code: totpAt(secret, t.clock.now()) }, { csrfFrom: '/en/admin/two-factor/setup' });
      assert.equal(done.statusCode, 200);
      assert.equal(done.headers['cache-control'], 'no-store');
      const codes = codesOf(done.body);
      assert.equal(codes.length, 10, 'ten recovery codes, shown once');
      return { secret, codes };
    }

    test('enrolment shows a QR code and the secret, needs a right code, and then sign-in asks for a code', async () => {
      const client = await t.signedInClient('editor', 'totp-editor@example.org');
      const { secret, codes } = await enrol(client);
      const stored = await t.deps.db.selectFrom('staff_recovery_codes').selectAll().execute();
      assert.ok(
        codes.every((c) => !stored.some((s) => s.code_hash.includes(c.replaceAll('-', '')))),
        'recovery codes are stored hashed',
      );
      const account = await t.deps.db.selectFrom('staff_accounts').selectAll().where('email', '=', 'totp-editor@example.org').executeTakeFirstOrThrow();
      assert.ok(account.totp_secret && !account.totp_secret.includes(secret.toString('hex')), 'the secret is stored sealed');
      assert.match((await client.get('/en/admin/account')).body, /You have 10 recovery codes left/);

      t.clock.advance(90_000);
      const browser = new TestClient(t.app);
      const password = await browser.post('/en/admin/login', { email: 'totp-editor@example.org', password: testPassword, next: '/en/admin/members' });
      assert.equal(password.statusCode, 303);
      assert.equal(password.headers.location, '/en/admin/login/two-factor?next=%2Fen%2Fadmin%2Fmembers');
      assert.equal((await browser.get('/en/admin')).statusCode, 302, 'a password alone opens no admin page');
      const page = await browser.get('/en/admin/login/two-factor');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /autocomplete="one-time-code"/);
      const pendingToken = browser.cookies.get('plenary_session');
      assert.equal((await browser.post('/en/admin/login/two-factor', { code: '12345' }, { csrfFrom: '/en/admin/login/two-factor' })).statusCode, 400);
      const code = totpAt(secret, t.clock.now());
      const ok = await browser.post('/en/admin/login/two-factor', { code, next: '/en/admin/members' }, { csrfFrom: '/en/admin/login/two-factor' });
      assert.equal(ok.statusCode, 303);
      assert.equal(ok.headers.location, '/en/admin/members');
      assert.notEqual(browser.cookies.get('plenary_session'), pendingToken, 'the session token changes once the code is given');
      assert.equal((await browser.get('/en/admin')).statusCode, 200);

      const replay = new TestClient(t.app);
      await replay.post('/en/admin/login', { email: 'totp-editor@example.org', password: testPassword });
      const again = await replay.post('/en/admin/login/two-factor', { code }, { csrfFrom: '/en/admin/login/two-factor' });
      assert.equal(again.statusCode, 400, 'a code cannot be used twice within its window');

      const recovery = new TestClient(t.app);
      await recovery.post('/en/admin/login', { email: 'totp-editor@example.org', password: testPassword }, { headers: { 'x-forwarded-for': '192.0.2.44' } });
      const used = await recovery.post(
        '/en/admin/login/two-factor',
        { code: (codes[0] ?? '').toUpperCase() },
        { csrfFrom: '/en/admin/login/two-factor', headers: { 'x-forwarded-for': '192.0.2.44' } },
      );
      assert.equal(used.statusCode, 303, 'a recovery code works, whatever its case');
      const twice = new TestClient(t.app);
      await twice.post('/en/admin/login', { email: 'totp-editor@example.org', password: testPassword }, { headers: { 'x-forwarded-for': '192.0.2.45' } });
      assert.equal(
        (
          await twice.post(
            '/en/admin/login/two-factor',
            { code: codes[0] ?? '' },
            { csrfFrom: '/en/admin/login/two-factor', headers: { 'x-forwarded-for': '192.0.2.45' } },
          )
        ).statusCode,
        400,
        'each recovery code works once',
      );
      const log = await actions(t);
      for (const a of ['staff.two_factor_enable', 'auth.password_accepted', 'auth.two_factor_failed']) assert.ok(log.includes(a), a);
    });

    test('guessing codes is throttled like passwords, and giving the password again does not reset the count', async () => {
      const client = await t.signedInClient('viewer', 'totp-guess@example.org');
      const { secret } = await enrol(client);
      const guesser = new TestClient(t.app);
      const ip = { headers: { 'x-forwarded-for': '198.51.100.31' } };
      const wrong = totpAt(secret, t.clock.now()) === '999999' ? '999998' : '999999';
      const statuses: number[] = [];
      for (let round = 0; round < 2; round++) {
        await guesser.post('/en/admin/login', { email: 'totp-guess@example.org', password: testPassword }, ip);
        for (let i = 0; i < 2; i++)
          statuses.push((await guesser.post('/en/admin/login/two-factor', { code: wrong }, { ...ip, csrfFrom: '/en/admin/login/two-factor' })).statusCode);
      }
      assert.deepEqual(statuses, [400, 400, 400, 429], 'the fourth wrong code waits, although the password was given again in between');
    });

    test('an owner requires two-factor sign-in; staff without it enrol right after their password', async () => {
      const owner = await t.signedInClient('owner', 'policy-owner@example.org');
      const refused = await owner.post('/en/admin/staff/two-factor-policy', { required: 'true' }, { csrfFrom: '/en/admin/staff' });
      assert.equal(refused.statusCode, 409, 'an owner without it cannot require it');
      await enrol(owner);
      assert.equal((await owner.post('/en/admin/staff/two-factor-policy', { required: 'true' }, { csrfFrom: '/en/admin/staff' })).statusCode, 303);
      assert.match((await owner.get('/en/admin/staff')).body, /Every staff account must use two-factor sign-in/);

      await createStaffAccount(t.deps, cliActor, { email: 'must-enrol@example.org', name: 'Must Enrol', role: 'viewer', password: testPassword });
      const staff = new TestClient(t.app);
      const signIn = await staff.post('/fr/admin/login', { email: 'must-enrol@example.org', password: testPassword });
      assert.equal(signIn.statusCode, 303);
      assert.equal(signIn.headers.location, '/fr/admin/two-factor/setup');
      assert.equal((await staff.get('/fr/admin')).statusCode, 302, 'no admin page before enrolment');
      const setup = await staff.get('/fr/admin/two-factor/setup');
      assert.equal(setup.statusCode, 200);
      assert.match(setup.body, /Un propriétaire exige/);
      assert.doesNotMatch(setup.body, /class="admin-nav"/, 'no navigation while enrolment is owed');
      const secret = secretOf(setup.body);
      const done = await staff.post('/fr/admin/two-factor/setup', { code: totpAt(secret, t.clock.now()) }, { csrfFrom: '/fr/admin/two-factor/setup' });
      assert.equal(done.statusCode, 200);
      assert.equal(codesOf(done.body).length, 10);
      assert.equal((await staff.get('/fr/admin')).statusCode, 200, 'enrolled: the session is now a full one');

      t.clock.advance(60_000);
      const disable = await staff.post('/en/admin/account/two-factor/disable', { code: totpAt(secret, t.clock.now()) }, { csrfFrom: '/en/admin/account' });
      assert.equal(disable.statusCode, 409, 'it cannot be turned off while required');
      assert.equal((await owner.post('/en/admin/staff/two-factor-policy', { required: 'false' }, { csrfFrom: '/en/admin/staff' })).statusCode, 303);
      assert.equal(
        (await staff.post('/en/admin/account/two-factor/disable', { code: '000000' }, { csrfFrom: '/en/admin/account' })).statusCode,
        400,
        'turning it off needs a right code',
      );
      assert.equal(
        (await staff.post('/en/admin/account/two-factor/disable', { code: totpAt(secret, t.clock.now()) }, { csrfFrom: '/en/admin/account' })).statusCode,
        303,
      );
      const log = await actions(t);
      for (const a of ['auth.two_factor_required', 'auth.two_factor_optional', 'staff.two_factor_disable']) assert.ok(log.includes(a), a);
    });

    test('recovery codes can be replaced (the old ones stop working); an owner can reset a lost second factor', async () => {
      const owner = await t.signedInClient('owner', 'reset-owner@example.org');
      const client = await t.signedInClient('editor', 'lost-phone@example.org');
      const { secret, codes } = await enrol(client);
      t.clock.advance(60_000);
      const fresh = await client.post('/en/admin/account/recovery-codes', { code: totpAt(secret, t.clock.now()) }, { csrfFrom: '/en/admin/account' });
      assert.equal(fresh.statusCode, 200);
      const newCodes = codesOf(fresh.body);
      assert.equal(newCodes.length, 10);
      const old = new TestClient(t.app);
      await old.post('/en/admin/login', { email: 'lost-phone@example.org', password: testPassword }, { headers: { 'x-forwarded-for': '192.0.2.61' } });
      assert.equal(
        (
          await old.post(
            '/en/admin/login/two-factor',
            { code: codes[1] ?? '' },
            { csrfFrom: '/en/admin/login/two-factor', headers: { 'x-forwarded-for': '192.0.2.61' } },
          )
        ).statusCode,
        400,
      );

      const id = (await t.deps.db.selectFrom('staff_accounts').select('id').where('email', '=', 'lost-phone@example.org').executeTakeFirstOrThrow()).id;
      const confirm = await owner.get(`/en/admin/staff/${id}/two-factor/reset`);
      assert.equal(confirm.statusCode, 200);
      assert.match(confirm.body, new RegExp(`action="/en/admin/staff/${id}/two-factor/reset"`));
      assert.equal(
        (await owner.post(`/en/admin/staff/${id}/two-factor/reset`, { reason: 'Phone lost' }, { csrfFrom: `/en/admin/staff/${id}/two-factor/reset` }))
          .statusCode,
        303,
      );
      assert.equal((await client.get('/en/admin')).statusCode, 302, 'their sessions ended');
      const back = await new TestClient(t.app).post(
        '/en/admin/login',
        { email: 'lost-phone@example.org', password: testPassword },
        { headers: { 'x-forwarded-for': '192.0.2.62' } },
      );
      assert.equal(back.headers.location, '/en/admin', 'no code is asked any more');
      const again = await owner.post(`/en/admin/staff/${id}/two-factor/reset`, {}, { csrfFrom: '/en/admin/staff' });
      assert.equal(again.statusCode, 409);
      assert.ok((await actions(t)).includes('staff.two_factor_reset'));
    });
  });
}
