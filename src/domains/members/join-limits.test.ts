import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { dialects } from '../../../test/dialects.ts';
import { createTestApp, type TestApp, TestClient } from '../../../test/test-app.ts';
import { buildApp } from '../../app.ts';
import { loadConfig } from '../../config/config.ts';
import { assembleDeps } from '../../runtime.ts';
import { minimumFillMs } from './join.routes.tsx';
import { waitDetails } from './join-limits.ts';

/** A join form's stamp and CSRF token, aged past the minimum fill time: one page, sent as often as needed. */
async function openForm(t: TestApp, client: TestClient, locale = 'en'): Promise<string> {
  const page = await client.get(`/${locale}/join`);
  t.clock.advance(minimumFillMs + 100);
  return /name="stamp" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
}

/** A fresh stamp, for a form sent at once (too fast for a person). */
async function freshStamp(client: TestClient): Promise<string> {
  const page = await client.get('/en/join');
  return /name="stamp" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
}

/** Sends the join form from `ip` (the apps trust X-Forwarded-For, as behind the load balancer). */
function send(client: TestClient, stamp: string, ip: string, fields: Record<string, string>, locale = 'en') {
  return client.post(
    `/${locale}/join`,
    { stamp, consent: 'yes', language: locale, name: 'Delegate', ...fields },
    { csrfFrom: `/${locale}/join`, headers: { 'x-forwarded-for': ip } },
  );
}

async function countRows(t: TestApp, table: 'members' | 'join_limits'): Promise<number> {
  const row = await t.deps.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

test('a wait is said in seconds under a minute, then in whole minutes rounded up; Retry-After has the seconds', () => {
  assert.deepEqual(waitDetails(1), { seconds: 1, unit: 'second', count: 1 });
  assert.deepEqual(waitDetails(2000), { seconds: 2, unit: 'second', count: 2 });
  assert.deepEqual(waitDetails(59_001), { seconds: 60, unit: 'minute', count: 1 });
  assert.deepEqual(waitDetails(300_000), { seconds: 300, unit: 'minute', count: 5 });
  assert.deepEqual(waitDetails(301_000), { seconds: 301, unit: 'minute', count: 6 });
});

for (const dialect of dialects) {
  describe(`join limits on ${dialect}`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(dialect, { TRUST_PROXY: 'true' });
    });
    after(async () => {
      await t.close();
    });

    test('with the defaults, a room of 300 behind one NAT joins at once; the next is told the real wait', async () => {
      const members = await countRows(t, 'members');
      const client = new TestClient(t.app);
      const stamp = await openForm(t, client);
      const ip = '198.51.100.7';
      const codes = new Map<number, number>();
      for (let i = 0; i < 300; i++) {
        const r = await send(client, stamp, ip, { email: `delegate${i}@mission.example.org` });
        codes.set(r.statusCode, (codes.get(r.statusCode) ?? 0) + 1);
      }
      assert.deepEqual([...codes], [[303, 300]], 'all 300 joined');
      assert.equal(await countRows(t, 'members'), members + 300);

      const late = await send(client, stamp, ip, { email: 'late@mission.example.org' });
      assert.equal(late.statusCode, 429);
      assert.equal(late.headers['retry-after'], '2', 'the room allowance gives one join back every 2 s (300 per 10 minutes)');
      assert.match(late.body, /Please send the form again in 2 seconds/);
      assert.match(late.body, /value="late@mission.example.org"/, 'what was typed is kept');
      t.clock.advance(1000);
      const early = await send(client, stamp, ip, { email: 'late@mission.example.org' });
      assert.equal(early.headers['retry-after'], '1', 'the wait counts down');
      t.clock.advance(1000);
      assert.equal((await send(client, stamp, ip, { email: 'late@mission.example.org' })).statusCode, 303, 'after the wait it works');
      assert.equal((await send(client, stamp, '198.51.100.8', { email: 'other-room@mission.example.org' })).statusCode, 303, 'another network is not slowed');

      t.clock.advance(15 * 60_000);
      assert.equal((await send(client, stamp, ip, { email: 'next-day@mission.example.org' })).statusCode, 303);
      assert.equal(await countRows(t, 'join_limits'), 2, 'allowances that are whole again are pruned: only this join’s address and client remain');
    });

    test('the same address is refused after the per-address limit, whatever the client or spelling; the message says when', async () => {
      const client = new TestClient(t.app);
      const stamp = await openForm(t, client, 'ru');
      const spellings = ['Repeat@Mission.Example.org', 'repeat@mission.example.org', 'REPEAT@MISSION.EXAMPLE.ORG'];
      for (const [i, email] of spellings.entries()) {
        assert.equal((await send(client, stamp, `203.0.113.${i + 1}`, { email }, 'ru')).statusCode, 303, email);
      }
      const fourth = await send(client, stamp, '203.0.113.9', { email: 'repeat@mission.example.org' }, 'ru');
      assert.equal(fourth.statusCode, 429);
      assert.equal(fourth.headers['retry-after'], '300', 'three per 15 minutes: one more every 5 minutes');
      assert.match(fourth.body, /Этот адрес электронной почты отправили несколько раз.*через 5 минут;/);
      t.clock.advance(4 * 60_000);
      const ar = await send(client, stamp, '203.0.113.9', { email: 'repeat@mission.example.org' }, 'ar');
      assert.equal(ar.headers['retry-after'], '60');
      assert.match(ar.body, /بعد دقيقة واحدة؛/, 'in the visitor’s language');
      t.clock.advance(60_000);
      assert.equal((await send(client, stamp, '203.0.113.9', { email: 'repeat@mission.example.org' })).statusCode, 303, 'after the wait it works');
    });
  });

  describe(`join limits with a small room on ${dialect}`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(dialect, { TRUST_PROXY: 'true', JOIN_IP_LIMIT: '3', JOIN_IP_WINDOW_MINUTES: '6' });
    });
    after(async () => {
      await t.close();
    });

    test('failed validations take nothing from the room; a refusal by the room gives the address its try back', async () => {
      const client = new TestClient(t.app);
      const stamp = await openForm(t, client);
      const ip = '192.0.2.50';
      for (let i = 0; i < 20; i++) {
        const invalid: Record<string, string>[] = [
          { email: `not an address ${i}` },
          { email: `noconsent${i}@example.org`, consent: 'no' },
          { email: `x${i}@example.org`, name: '' },
        ];
        for (const fields of invalid) assert.equal((await send(client, stamp, ip, fields)).statusCode, 400);
      }
      const tooFast = await send(client, await freshStamp(client), ip, { email: 'quick@example.org' });
      assert.match(tooFast.body, /That was very quick/, 'a form sent too fast is refused and takes nothing either');
      for (const email of ['one@example.org', 'two@example.org', 'three@example.org']) assert.equal((await send(client, stamp, ip, { email })).statusCode, 303);

      const refused = await send(client, stamp, ip, { email: 'four@example.org' });
      assert.equal(refused.statusCode, 429);
      assert.equal(refused.headers['retry-after'], '120', '3 per 6 minutes: one back every 2 minutes');
      assert.match(refused.body, /Many people are joining from your network right now\. Please send the form again in 2 minutes;/);
      for (let i = 1; i <= 3; i++) {
        assert.equal((await send(client, stamp, `192.0.2.${60 + i}`, { email: 'four@example.org' })).statusCode, 303, `try ${i} from elsewhere`);
      }
      assert.equal((await send(client, stamp, '192.0.2.70', { email: 'four@example.org' })).statusCode, 429, 'then the address limit');
    });
  });

  describe(`join limits across two web instances on ${dialect}`, () => {
    let t: TestApp;
    let second: { app: FastifyInstance; close(): Promise<void> };
    before(async () => {
      const env = { TRUST_PROXY: 'true', JOIN_IP_LIMIT: '4', LOG_LEVEL: 'silent' };
      t = await createTestApp(dialect, env);
      // Another process's app: its own connection pool on the same database, the same secret key and clock.
      const deps = assembleDeps(loadConfig({ ...env, DATA_DIR: t.deps.config.dataDir }), await t.database.connectAgain(), {
        clock: t.clock,
        secretKey: t.deps.secretKey,
      });
      const app = await buildApp(deps);
      second = {
        app,
        async close() {
          await app.close();
          await deps.mail.close();
        },
      };
    });
    after(async () => {
      await second.close();
      await t.close();
    });

    test('two instances share one counter, also under concurrent joins', async () => {
      const clients = [new TestClient(t.app), new TestClient(second.app)];
      const stamps = [await openForm(t, clients[0] as TestClient), await openForm(t, clients[1] as TestClient)];
      const ip = '198.51.100.99';
      const responses = await Promise.all(
        Array.from({ length: 10 }, (_, i) => send(clients[i % 2] as TestClient, stamps[i % 2] as string, ip, { email: `together${i}@example.org` })),
      );
      const codes = responses.map((r) => r.statusCode).sort();
      assert.deepEqual(codes, [303, 303, 303, 303, 429, 429, 429, 429, 429, 429], 'four joins in all, not four per instance');
      t.clock.advance(10 * 60_000);
      const first = await send(clients[0] as TestClient, stamps[0] as string, ip, { email: 'after@example.org' });
      assert.equal(first.statusCode, 303);
      for (let i = 0; i < 3; i++) await send(clients[1] as TestClient, stamps[1] as string, ip, { email: `after${i}@example.org` });
      const refused = await send(clients[0] as TestClient, stamps[0] as string, ip, { email: 'after9@example.org' });
      assert.equal(refused.statusCode, 429, 'joins on the second instance count on the first');
    });
  });
}
