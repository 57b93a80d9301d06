import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { simpleParser } from 'mailparser';
import { dialects } from '../../../test/dialects.ts';
import { createTestApp, type TestApp, TestClient } from '../../../test/test-app.ts';
import * as announcements from '../announcements/announcement.service.ts';
import { listAuditEvents } from '../audit/audit.repository.ts';
import { cliActor } from '../audit/audit.service.ts';
import { findCurrentNetwork } from '../site/site.repository.ts';
import { addMember, unsubscribe } from './member.service.ts';
import { importMembers } from './member-import.ts';
import { memberLinks } from './member-links.ts';

const bidi = /[\u202A-\u202E\u2066-\u2069]/;

async function member(t: TestApp, id: number) {
  return t.deps.db.selectFrom('members').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

async function mailsTo(t: TestApp, address: string) {
  const rows = await t.deps.db.selectFrom('captured_mail').selectAll().where('envelope_to', '=', address).orderBy('id').execute();
  return Promise.all(rows.map((r) => simpleParser(r.raw)));
}

function confirmPath(mail: Awaited<ReturnType<typeof simpleParser>>): string {
  const url = /https?:\/\/[^\s"]+\/join\/confirm\/[^\s"]+/.exec(String(mail.text))?.[0];
  assert.ok(url, 'the mail carries a confirmation link');
  const parsed = new URL(url);
  return parsed.pathname + parsed.search;
}

for (const dialect of dialects) {
  describe(`consent and staff changes on ${dialect}`, () => {
    let t: TestApp;
    let editor: TestClient;
    before(async () => {
      t = await createTestApp(dialect);
      editor = await t.signedInClient('editor');
    });
    after(async () => {
      await t.close();
    });

    test('bidi and control characters never reach a consent basis (staff entry, re-subscription, import) or the audit log', async () => {
      const spoof = 'Signed up \u202Eon paper\u202C at\u0007 the\u2066 briefing\u2069';
      const added = await editor.post(
        '/en/admin/members/new',
        { email: 'basis@example.org', name: 'Basis', language: 'en', status: 'subscribed', basis: spoof },
        { csrfFrom: '/en/admin/members/new' },
      );
      assert.equal(added.statusCode, 303);
      const id = Number(/\/members\/(\d+)$/.exec(String(added.headers.location))?.[1]);
      assert.equal((await member(t, id)).consent_basis, 'Signed up on paper at the briefing');

      await unsubscribe(t.deps, id, 'page');
      const again = await editor.post(`/en/admin/members/${id}/status`, { action: 'resubscribe', basis: spoof }, { csrfFrom: `/en/admin/members/${id}` });
      assert.equal(again.statusCode, 303);
      assert.equal((await member(t, id)).consent_basis, 'Signed up on paper at the briefing');

      const networkId = (await findCurrentNetwork(t.deps.db))!.id;
      await importMembers(t.deps, 'email,name\nimported@example.org,Imported\n', {
        networkId,
        dryRun: false,
        status: 'subscribed',
        basis: spoof,
        actorLabel: 'test',
        actor: cliActor,
      });
      const imported = await t.deps.db.selectFrom('members').selectAll().where('email_key', '=', 'imported@example.org').executeTakeFirstOrThrow();
      assert.equal(imported.consent_basis, 'Signed up on paper at the briefing');

      const audit = await listAuditEvents(t.deps.db, { limit: 100 });
      assert.ok(audit.length > 0);
      for (const entry of audit) assert.doesNotMatch(JSON.stringify(entry), bidi, entry.action);
      const page = await editor.get(`/en/admin/members/${id}`);
      assert.doesNotMatch(page.body, bidi);
    });

    test('re-subscribing a member who unsubscribed needs a lawful basis or their confirmation', async () => {
      const m = await addMember(t.deps, cliActor, { email: 'optout@example.org', name: 'Opt Out', language: 'en' }, { status: 'subscribed', basis: 'x' });
      await unsubscribe(t.deps, m.id, 'page');
      const detail = `/en/admin/members/${m.id}`;

      const oneClick = await editor.post(`${detail}/status`, { action: 'resubscribe' }, { csrfFrom: detail });
      assert.equal(oneClick.statusCode, 400, 'no basis and no re-confirmation: refused');
      assert.equal((await member(t, m.id)).status, 'unsubscribed');

      const reconfirm = await editor.post(`${detail}/status`, { action: 'resubscribe', reconfirm: 'yes' }, { csrfFrom: detail });
      assert.equal(reconfirm.statusCode, 303);
      assert.equal((await member(t, m.id)).status, 'unsubscribed', 'still unsubscribed until they confirm');
      const page = await editor.get(detail);
      assert.match(page.body, /re-confirmation email was sent/);
      await t.runJobs();
      const [mail] = await mailsTo(t, 'optout@example.org');
      assert.ok(mail);
      const path = confirmPath(mail);
      const person = new TestClient(t.app);
      assert.equal((await person.post(path, {}, { csrfFrom: path })).statusCode, 200);
      const after = await member(t, m.id);
      assert.equal(after.status, 'subscribed');
      assert.equal(after.consent_method, 'double_opt_in');

      await unsubscribe(t.deps, m.id, 'page');
      const withBasis = await editor.post(
        `${detail}/status`,
        { action: 'resubscribe', basis: 'Asked to be added back by phone on 3 March' },
        { csrfFrom: detail },
      );
      assert.equal(withBasis.statusCode, 303);
      const back = await member(t, m.id);
      assert.equal(back.status, 'subscribed');
      assert.equal(back.consent_method, 'staff');
      assert.equal(back.consent_basis, 'Asked to be added back by phone on 3 March');
      const audit = await listAuditEvents(t.deps.db, { limit: 50 });
      assert.ok(audit.some((e) => e.action === 'member.resubscribe' && String(e.details).includes('by phone')));

      await unsubscribe(t.deps, m.id, 'page');
      await editor.post(
        `/en/admin/members/bulk?q=${encodeURIComponent('opt out')}`,
        { action: 'resubscribe', expected: '1', confirm: 'yes' },
        { csrfFrom: '/en/admin/members' },
      );
      assert.equal((await member(t, m.id)).status, 'unsubscribed', 'nor in bulk');
    });

    test('a changed address is confirmed before anything is sent to it; history says what changed, in words', async () => {
      const m = await addMember(
        t.deps,
        cliActor,
        { email: 'old@example.org', name: 'Moving', language: 'en', organisation: 'Old Org' },
        { status: 'subscribed', basis: 'Paper form' },
      );
      await t.runJobs();
      const oldLink = `/en/join/confirm/${memberLinks(t.deps, m.id).confirm}`;
      const detail = `/en/admin/members/${m.id}`;
      const edit = await editor.post(
        `${detail}/edit`,
        { email: 'new@example.org', name: 'Moving', language: 'en', organisation: 'New Org' },
        { csrfFrom: `${detail}/edit` },
      );
      assert.equal(edit.statusCode, 303);
      const changed = await member(t, m.id);
      assert.equal(changed.email_display, 'new@example.org');
      assert.equal(changed.status, 'pending', 'no announcement goes out until the new address is confirmed');

      const page = await editor.get(detail);
      assert.doesNotMatch(page.body, /Entered by staff|Confirmed by email/, 'the consent line does not claim a confirmed address');
      assert.match(page.body, /New address not confirmed yet/);
      assert.match(page.body, /old@example\.org → new@example\.org/);
      assert.match(page.body, /Old Org → New Org/);
      assert.doesNotMatch(page.body, /edited_by_staff|<code>/);
      const french = await editor.get(`/fr/admin/members/${m.id}`);
      assert.match(french.body, /Adresse électronique/);
      assert.match(french.body, /Modifié par l’équipe/);

      const a = await announcements.createAnnouncement(t.deps, cliActor, { subject: 'While moving', markdown: 'Hello' });
      await announcements.sendAnnouncement(t.deps, cliActor, a.id);
      await t.runJobs();
      const toNew = await mailsTo(t, 'new@example.org');
      assert.equal(toNew.length, 1, 'only the confirmation reaches the new address');
      assert.match(String(toNew[0]?.subject), /confirm/i);
      assert.equal((await mailsTo(t, 'old@example.org')).filter((mail) => mail.subject === 'While moving').length, 0);

      const stranger = new TestClient(t.app);
      assert.equal((await stranger.post(oldLink, {}, { csrfFrom: '/en/join' })).statusCode, 400, 'a link made before the change does not confirm it');
      assert.equal((await member(t, m.id)).status, 'pending');

      const path = confirmPath(toNew[0]!);
      assert.equal((await stranger.post(path, {}, { csrfFrom: path })).statusCode, 200);
      const confirmed = await member(t, m.id);
      assert.equal(confirmed.status, 'subscribed');
      assert.equal(confirmed.consent_method, 'double_opt_in');
      assert.match((await editor.get(detail)).body, /Confirmed by email/);
    });
  });
}
