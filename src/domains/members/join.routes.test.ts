import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { simpleParser } from 'mailparser';
import { dialects } from '../../../test/dialects.ts';
import { createTestApp, type TestApp, TestClient } from '../../../test/test-app.ts';
import { minimumFillMs } from './join.routes.tsx';
import { joinMailWindowMs } from './member.service.ts';

/** Fills the join form like a person: loads it, waits past the minimum fill time, posts. */
async function join(t: TestApp, client: TestClient, locale: string, fields: Record<string, string>, query = '') {
  const page = await client.get(`/${locale}/join${query}`);
  const stamp = /name="stamp" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
  const source = /name="source" value="([^"]+)"/.exec(page.body)?.[1];
  t.clock.advance(minimumFillMs + 100);
  return client.post(`/${locale}/join`, { stamp, ...(source ? { source } : {}), consent: 'yes', language: locale, ...fields }, { csrfFrom: `/${locale}/join` });
}

/** A header's raw value (mailparser folds List-* headers into a structured object). */
function header(mail: Awaited<ReturnType<typeof simpleParser>>, name: string): string | undefined {
  const line = mail.headerLines.find((l) => l.key === name.toLowerCase())?.line;
  return line?.slice(line.indexOf(':') + 1).trim();
}

async function lastMailTo(t: TestApp, address: string) {
  const row = await t.deps.db.selectFrom('captured_mail').selectAll().where('envelope_to', '=', address).orderBy('id', 'desc').executeTakeFirstOrThrow();
  return simpleParser(row.raw);
}

for (const dialect of dialects) {
  describe(`joining on ${dialect}`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(dialect);
    });
    after(async () => {
      await t.close();
    });

    test('the join form offers every field, the consent box and a text input for any address', async () => {
      const page = await new TestClient(t.app).get('/zh/join?src=hlgm-2024');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<input id="email" name="email" type="text" inputmode="email"/);
      for (const name of ['name', 'memberState', 'stakeholderGroup', 'organisation', 'language', 'consent', 'website', 'stamp']) {
        assert.match(page.body, new RegExp(`name="${name}"`), name);
      }
      assert.match(page.body, /name="source" value="hlgm-2024"/);
      // The UN Member and observer States come first, in their own group (member-state-options.test.ts has the rest).
      const unGroup = /<optgroup label="联合国会员国和观察员国">([\s\S]*?)<\/optgroup>/.exec(page.body)?.[1] ?? '';
      const options = [...unGroup.matchAll(/<option value="([A-Z]{2})"[^>]*>([^<]+)</g)].map((m) => m[2] ?? '');
      assert.equal(options.length, 195);
      assert.deepEqual(options, [...options].sort(new Intl.Collator('zh').compare), 'member states sorted by the locale collation');
    });

    test('join → confirm → welcome → unsubscribe, with an internationalised address, in Arabic', async () => {
      const client = new TestClient(t.app);
      const joined = await join(
        t,
        client,
        'ar',
        { email: '用户@例子.广告', name: 'ليلى', memberState: 'EG', stakeholderGroup: 'government' },
        '?src=hlgm-2024',
      );
      assert.equal(joined.statusCode, 303);
      assert.equal(joined.headers.location, '/ar/join/check-email');
      assert.equal(await t.runJobs(), 1);
      const confirmation = await lastMailTo(t, '用户@例子.广告');
      assert.equal(confirmation.headers.get('content-language'), 'ar');
      assert.match(String(confirmation.html), /dir="rtl"/);
      assert.match(String(header(confirmation, 'List-Unsubscribe')), /^<http:\/\/localhost:3000\/ar\/unsubscribe\/[A-Za-z0-9._-]+>$/);
      assert.ok(header(confirmation, 'List-Id'));
      assert.equal(header(confirmation, 'List-Unsubscribe-Post'), 'List-Unsubscribe=One-Click');
      const confirmUrl = /https?:\/\/[^\s"]+\/ar\/join\/confirm\/[A-Za-z0-9._-]+/.exec(String(confirmation.text))?.[0];
      assert.ok(confirmUrl, 'the confirmation email carries the link');
      const path = new URL(confirmUrl).pathname;

      const member = await t.deps.db.selectFrom('members').selectAll().where('email_key', '=', '用户@例子.广告').executeTakeFirstOrThrow();
      assert.equal(member.status, 'pending');
      assert.equal(member.email_ascii, null, 'a non-ASCII local part has no ASCII form');
      assert.equal(member.regional_group, 'african');
      assert.equal(member.source, 'hlgm-2024');

      const scanner = await new TestClient(t.app).get(path);
      assert.equal(scanner.statusCode, 200, 'following the link only shows a button');
      assert.equal((await t.deps.db.selectFrom('members').select('status').where('id', '=', member.id).executeTakeFirstOrThrow()).status, 'pending');
      const confirmed = await client.post(path, {}, { csrfFrom: path });
      assert.equal(confirmed.statusCode, 200);
      const after = await t.deps.db.selectFrom('members').selectAll().where('id', '=', member.id).executeTakeFirstOrThrow();
      assert.equal(after.status, 'subscribed');
      assert.equal(after.consent_method, 'double_opt_in');
      assert.match(String(after.consent_version), /:ar$/);
      assert.ok(after.consent_at);

      assert.equal(await t.runJobs(), 1, 'the welcome email');
      const welcome = await lastMailTo(t, '用户@例子.广告');
      const unsubscribe = /<(https?:\/\/[^>]+)>/.exec(String(header(welcome, 'List-Unsubscribe')))?.[1];
      assert.ok(unsubscribe);
      const oneClick = await t.app.inject({
        method: 'POST',
        url: new URL(unsubscribe).pathname,
        payload: 'List-Unsubscribe=One-Click',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      assert.equal(oneClick.statusCode, 200, 'RFC 8058 one-click works without a CSRF token');
      const final = await t.deps.db.selectFrom('members').select('status').where('id', '=', member.id).executeTakeFirstOrThrow();
      assert.equal(final.status, 'unsubscribed');
      const events = await t.deps.db.selectFrom('member_events').select('kind').where('member_id', '=', member.id).orderBy('id').execute();
      assert.deepEqual(
        events.map((e) => e.kind),
        ['joined', 'email_confirmation', 'confirmed', 'email_welcome', 'unsubscribed_one_click'],
      );
    });

    test('joining again never reveals membership: the same answer, and the confirmation is sent again after the mail window', async () => {
      const first = await join(t, new TestClient(t.app), 'en', { email: 'josé@ejemplo.es', name: 'José' });
      const again = await join(t, new TestClient(t.app), 'en', { email: 'JOSÉ@EJEMPLO.ES', name: 'José' });
      assert.equal(first.statusCode, 303);
      assert.equal(again.statusCode, 303);
      assert.equal(again.headers.location, first.headers.location);
      assert.equal(await t.runJobs(), 1, 'one confirmation email within the window');
      t.clock.advance(joinMailWindowMs);
      await join(t, new TestClient(t.app), 'en', { email: 'JOSÉ@EJEMPLO.ES', name: 'José' });
      assert.equal(await t.runJobs(), 1, 'the confirmation again, once the window has passed');
      const count = await t.deps.db
        .selectFrom('members')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('email_key', '=', 'josé@ejemplo.es')
        .executeTakeFirstOrThrow();
      assert.equal(Number(count.n), 1);
    });

    test('an invalid address gets its precise reason in the reader’s language, and nothing is stored', async () => {
      const before = await t.deps.db
        .selectFrom('members')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      const fullwidth = await join(t, new TestClient(t.app), 'en', { email: 'user＠example.org', name: 'X' });
      assert.equal(fullwidth.statusCode, 400);
      assert.match(fullwidth.body, /full-width at sign/);
      assert.match(fullwidth.body, /aria-invalid="true"/);
      const twoAts = await join(t, new TestClient(t.app), 'fr', { email: 'a@b@example.org', name: 'X' });
      assert.equal(twoAts.statusCode, 400);
      assert.match(twoAts.body, /<html lang="fr"/);
      const after = await t.deps.db
        .selectFrom('members')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      assert.equal(Number(after.n), Number(before.n));
    });

    test('bots: a filled honeypot or a form posted too fast stores nothing', async () => {
      const before = await t.deps.db
        .selectFrom('members')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      const honeypot = await join(t, new TestClient(t.app), 'en', { email: 'bot@example.org', name: 'Bot', website: 'http://spam.example' });
      assert.equal(honeypot.statusCode, 303, 'the bot is told it worked');
      const client = new TestClient(t.app);
      const page = await client.get('/en/join');
      const stamp = /name="stamp" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
      const fast = await client.post('/en/join', { stamp, email: 'fast@example.org', name: 'Fast', consent: 'yes', language: 'en' }, { csrfFrom: '/en/join' });
      assert.equal(fast.statusCode, 400);
      assert.match(fast.body, /That was very quick/, 'a person who was too fast is told why');
      const forged = await client.post(
        '/en/join',
        { stamp: '1.forged', email: 'forged@example.org', name: 'F', consent: 'yes', language: 'en' },
        { csrfFrom: '/en/join' },
      );
      assert.equal(forged.statusCode, 400);
      const after = await t.deps.db
        .selectFrom('members')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      assert.equal(Number(after.n), Number(before.n));
    });

    test('self-service: preferences, download my data, erase (a tombstone keeps the counts)', async () => {
      await join(t, new TestClient(t.app), 'es', { email: 'maria@ejemplo.es', name: 'María', memberState: 'MX' });
      await t.runJobs();
      const mail = await lastMailTo(t, 'maria@ejemplo.es');
      const manageUrl = /https?:\/\/\S+\/es\/me\/[A-Za-z0-9._-]+/.exec(String(mail.text))?.[0];
      assert.ok(manageUrl);
      const path = new URL(manageUrl).pathname;
      const client = new TestClient(t.app);
      assert.equal((await client.get(path)).statusCode, 200);
      const saved = await client.post(path, {
        name: 'María José',
        memberState: 'AR',
        stakeholderGroup: 'academia',
        organisation: 'UBA',
        jobTitle: '',
        language: 'fr',
      });
      assert.equal(saved.statusCode, 303);
      assert.match(String(saved.headers.location), /^\/fr\/me\//);
      const data = await client.get(`${path}/data.json`);
      assert.equal(data.statusCode, 200);
      const json = data.json();
      assert.equal(json.name, 'María José');
      assert.equal(json.memberState, 'AR');
      assert.equal(json.language, 'fr');
      assert.ok(json.history.length >= 2);

      const erased = await client.post(`${path}/erase`, { confirm: 'yes' }, { csrfFrom: `${path}/erase` });
      assert.equal(erased.statusCode, 200);
      const tomb = await t.deps.db
        .selectFrom('members')
        .selectAll()
        .where('member_state', '=', 'AR')
        .where('erased_at', 'is not', null)
        .executeTakeFirstOrThrow();
      assert.equal(tomb.name, '');
      assert.equal(tomb.email_display, '');
      assert.equal(tomb.status, 'removed');
      assert.equal(tomb.regional_group, 'latin_american_caribbean', 'the anonymous record still counts');
      assert.equal((await client.get(path)).statusCode, 400, 'links of an erased member no longer work');
    });

    test('tampered, expired or wrong-purpose links are refused with a translated page', async () => {
      const client = new TestClient(t.app);
      assert.equal((await client.get('/ru/join/confirm/abc.def')).statusCode, 400);
      const forged = await client.get('/ru/me/eyJwIjoibWFuYWdlIiwibSI6MSwiZSI6OTk5OTk5OTk5OX0.AAAA');
      assert.equal(forged.statusCode, 400);
      assert.match(forged.body, /<html lang="ru"/);
    });

    test('QR codes and the slide encode the absolute join URL with the source', async () => {
      const svg = await t.app.inject({ url: '/fr/join/qr.svg?src=hlgm-2024' });
      assert.equal(svg.statusCode, 200);
      assert.match(String(svg.headers['content-type']), /image\/svg\+xml/);
      assert.match(svg.body, /<svg/);
      assert.match(svg.body, /<path stroke="#000000" d="M4 4\.5h/, 'the dark modules start after a 4-module quiet zone');
      const png = await t.app.inject({ url: '/fr/join/qr.png?src=hlgm-2024' });
      assert.equal(png.headers['content-type'], 'image/png');
      assert.deepEqual([...png.rawPayload.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
      const slide = await t.app.inject({ url: '/fr/join/slide?src=hlgm-2024' });
      assert.equal(slide.statusCode, 200);
      assert.match(slide.body, /localhost:3000\/fr\/join\?src=hlgm-2024/);
    });
  });
}
