import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { domainToASCII } from 'node:url';
import { simpleParser } from 'mailparser';
import { dialects } from '../../../test/dialects.ts';
import { createTestApp, type TestApp, TestClient } from '../../../test/test-app.ts';
import { buildApp } from '../../app.ts';
import { assembleDeps } from '../../runtime.ts';
import { cliActor } from '../audit/audit.service.ts';
import { minimumFillMs } from './join.routes.tsx';
import { addMember, unsubscribe } from './member.service.ts';
import { memberLinks } from './member-links.ts';

/** Loads the join form once (CSRF cookie and token, time stamp) and returns a function that posts it, as from `ip`. */
async function joinForm(t: TestApp, locale = 'en') {
  const client = new TestClient(t.app);
  const page = await client.get(`/${locale}/join`);
  const stamp = /name="stamp" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
  t.clock.advance(minimumFillMs + 100);
  return (fields: Record<string, string>, ip = '198.51.100.7') =>
    t.app.inject({
      method: 'POST',
      url: `/${locale}/join`,
      payload: new URLSearchParams({ _csrf: csrf, stamp, consent: 'yes', language: locale, ...fields }).toString(),
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        'x-forwarded-for': ip,
      },
    });
}

async function mailsTo(t: TestApp, address: string) {
  const rows = await t.deps.db.selectFrom('captured_mail').selectAll().where('envelope_to', '=', address).orderBy('id').execute();
  return Promise.all(rows.map((r) => simpleParser(r.raw)));
}

async function member(t: TestApp, emailKey: string) {
  return t.deps.db.selectFrom('members').selectAll().where('email_key', '=', emailKey).executeTakeFirstOrThrow();
}

/** The confirmation link of a mail, as a path with its query. */
function confirmPath(mail: Awaited<ReturnType<typeof simpleParser>>): string {
  const url = /https?:\/\/[^\s"]+\/join\/confirm\/[^\s"]+/.exec(String(mail.text))?.[0];
  assert.ok(url, 'the mail carries a confirmation link');
  const parsed = new URL(url);
  return parsed.pathname + parsed.search;
}

for (const dialect of dialects) {
  describe(`join confirmations on ${dialect}`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(dialect, { TRUST_PROXY: 'true', JOIN_IP_LIMIT: '1000' });
    });
    after(async () => {
      await t.close();
    });

    test('a public join for a lapsed member changes nothing until the address confirms; then the fields apply', async () => {
      const added = await addMember(
        t.deps,
        cliActor,
        { email: 'lapsed@example.org', name: 'Real Name', organisation: 'Real Org', jobTitle: 'Counsellor', memberState: 'FR', language: 'fr' },
        { status: 'subscribed', basis: 'Signed up on paper' },
      );
      await unsubscribe(t.deps, added.id, 'page');
      const before = await member(t, 'lapsed@example.org');

      const post = await joinForm(t);
      const joined = await post({ email: 'Lapsed@Example.org', name: 'Stranger', organisation: 'Evil Corp', memberState: 'KP', language: 'en' });
      assert.equal(joined.statusCode, 303);
      assert.equal(joined.headers.location, '/en/join/check-email');
      const held = await member(t, 'lapsed@example.org');
      assert.deepEqual(
        [held.name, held.organisation, held.job_title, held.member_state, held.language, held.status, held.updated_at],
        [before.name, before.organisation, before.job_title, before.member_state, before.language, 'unsubscribed', before.updated_at],
        'the submitted fields are not written before the address is confirmed',
      );

      await t.runJobs();
      const [mail] = await mailsTo(t, 'lapsed@example.org');
      assert.ok(mail, 'the address gets a confirmation email');
      const path = confirmPath(mail);
      const page = await new TestClient(t.app).get(path);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Evil Corp/, 'the confirmation page shows what confirming will save');
      assert.equal((await member(t, 'lapsed@example.org')).name, 'Real Name', 'opening the link changes nothing');

      // A confirmation link not issued for this request (here, one signed afresh) does not apply it.
      const client = new TestClient(t.app);
      const bare = `/en/join/confirm/${memberLinks(t.deps, added.id).confirm}`;
      const refused = await client.post(bare, {}, { csrfFrom: '/en/join' });
      assert.equal(refused.statusCode, 400);
      assert.equal((await member(t, 'lapsed@example.org')).status, 'unsubscribed');

      const confirmed = await client.post(path, {}, { csrfFrom: path });
      assert.equal(confirmed.statusCode, 200);
      const after = await member(t, 'lapsed@example.org');
      assert.equal(after.status, 'subscribed');
      assert.equal(after.consent_method, 'double_opt_in');
      assert.deepEqual([after.name, after.organisation, after.member_state, after.language], ['Stranger', 'Evil Corp', 'KP', 'en']);
      assert.equal(after.job_title, 'Counsellor', 'a field the form left empty keeps its value');
      assert.equal(await t.deps.db.selectFrom('member_confirmations').selectAll().where('member_id', '=', added.id).executeTakeFirst(), undefined);
    });

    test('a bounced member who joins again keeps their fields until confirming', async () => {
      const added = await addMember(
        t.deps,
        cliActor,
        { email: 'bounced@example.org', name: 'Bounced Owner', language: 'es' },
        { status: 'subscribed', basis: 'x' },
      );
      await t.deps.db.updateTable('members').set({ status: 'bounced' }).where('id', '=', added.id).execute();
      const post = await joinForm(t);
      assert.equal((await post({ email: 'bounced@example.org', name: 'Someone Else', language: 'en' })).statusCode, 303);
      const held = await member(t, 'bounced@example.org');
      assert.deepEqual([held.name, held.language, held.status], ['Bounced Owner', 'es', 'bounced']);
    });

    test('100 joins for one address in a second send one email, whatever the IP; the answers do not tell a member from anyone', async () => {
      const post = await joinForm(t);
      const answers = await Promise.all(
        Array.from({ length: 100 }, (_, i) => post({ email: i % 2 ? 'Target@Example.org' : 'target@example.org', name: `Bomb ${i}` }, `203.0.113.${i + 1}`)),
      );
      const seen = new Map<string, number>();
      for (const answer of answers.map((a) => `${a.statusCode} ${a.headers.location ?? 'wait'}`)) seen.set(answer, (seen.get(answer) ?? 0) + 1);
      assert.deepEqual(
        Object.fromEntries(seen),
        { '303 /en/join/check-email': 3, '429 wait': 97 },
        'three joins fit the address limit (JOIN_ADDRESS_LIMIT), the rest are told to wait',
      );
      await t.runJobs();
      // Whichever spelling won, the domain is sent lower-cased.
      assert.equal((await mailsTo(t, 'target@example.org')).length + (await mailsTo(t, 'Target@example.org')).length, 1);

      // A subscribed member: one "already a member" note, and the same page as for anyone.
      await addMember(t.deps, cliActor, { email: 'member@例子.广告', name: 'Member', language: 'zh' }, { status: 'subscribed', basis: 'x' });
      const ascii = `MEMBER@${domainToASCII('例子.广告')}`;
      const later = { member: [] as string[], stranger: [] as string[] };
      for (let i = 0; i < 5; i++) {
        const member = await post({ email: i % 2 ? ascii : 'member@例子.广告', name: 'Again' }, `192.0.2.${i + 1}`);
        const stranger = await post({ email: i % 2 ? 'STRANGER@example.org' : 'stranger@example.org', name: 'Again' }, `192.0.2.${i + 11}`);
        later.member.push(`${member.statusCode} ${member.headers.location} ${member.headers['retry-after']}`);
        later.stranger.push(`${stranger.statusCode} ${stranger.headers.location} ${stranger.headers['retry-after']}`);
      }
      assert.deepEqual(later.member, later.stranger, 'a member gets the answers anyone gets');
      assert.equal(later.member[0], '303 /en/join/check-email undefined');
      await t.runJobs();
      // The envelope carries the domain as A-labels (nodemailer converts it); count every spelling.
      const notes = [...(await mailsTo(t, 'member@例子.广告')), ...(await mailsTo(t, ascii)), ...(await mailsTo(t, ascii.toLowerCase()))];
      assert.equal(notes.length, 1, 'the A-label and upper-case spellings are the same address');

      // After the window, the address may be mailed again.
      t.clock.advance(15 * 60 * 1000 + 1000);
      await post({ email: 'target@example.org', name: 'Later' });
      await t.runJobs();
      assert.equal((await mailsTo(t, 'target@example.org')).length + (await mailsTo(t, 'Target@example.org')).length, 2);
    });

    test('the limit holds across instances: it lives in the database', async () => {
      const second = await buildApp(assembleDeps(t.deps.config, await t.database.connectAgain(), { clock: t.clock, secretKey: t.deps.secretKey }));
      try {
        const post = await joinForm(t);
        assert.equal((await post({ email: 'two-instances@example.org', name: 'One' })).statusCode, 303);
        const other = new TestClient(second);
        const page = await other.get('/en/join');
        const stamp = /name="stamp" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
        t.clock.advance(minimumFillMs + 100);
        const again = await other.post(
          '/en/join',
          { stamp, consent: 'yes', language: 'en', email: 'two-instances@example.org', name: 'Two' },
          { csrfFrom: '/en/join' },
        );
        assert.equal(again.statusCode, 303);
        await t.runJobs();
        assert.equal((await mailsTo(t, 'two-instances@example.org')).length, 1);
      } finally {
        await second.close();
      }
    });
  });
}
