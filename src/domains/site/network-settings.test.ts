import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { simpleParser } from 'mailparser';
import { dialects } from '../../../test/dialects.ts';
import { startSmtpPeer } from '../../../test/smtp-peer.ts';
import { TestClient as Client, createTestApp, type TestApp, type TestClient } from '../../../test/test-app.ts';
import { buildApp } from '../../app.ts';
import { createAnnouncement, sendAnnouncement } from '../announcements/announcement.service.ts';
import { cliActor } from '../audit/audit.service.ts';
import { minimumFillMs } from '../members/join.routes.tsx';
import { addMember } from '../members/member.service.ts';
import { findCurrentNetwork } from './site.repository.ts';

/** The form values the settings page shows, as a browser would post them back. */
function formValues(html: string, action: string): Record<string, string> {
  const start = html.indexOf(`action="${action}#`);
  assert.ok(start >= 0, `a form posts to ${action}`);
  const form = html.slice(start, html.indexOf('</form>', start));
  const values: Record<string, string> = {};
  for (const m of form.matchAll(/<input[^>]*>/g)) {
    const name = /name="([^"]+)"/.exec(m[0])?.[1];
    if (!name || name === '_csrf') continue;
    if (/type="checkbox"/.test(m[0])) {
      if (/checked/.test(m[0])) values[name] = 'yes';
      continue;
    }
    values[name] = decode(/value="([^"]*)"/.exec(m[0])?.[1] ?? '');
  }
  for (const m of form.matchAll(/<textarea[^>]*name="([^"]+)"[^>]*>([^<]*)<\/textarea>/g)) values[m[1]!] = decode(m[2]!);
  for (const m of form.matchAll(/<select[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g)) {
    values[m[1]!] = /<option[^>]*value="([^"]*)"[^>]*selected/.exec(m[2]!)?.[1] ?? '';
  }
  return values;
}

function decode(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

/** The header block of a raw message with folded lines unfolded. */
function headerBlock(raw: string): string {
  return (raw.split(/\r?\n\r?\n/)[0] ?? '').replace(/\r?\n[ \t]+/g, ' ');
}

async function auditActions(t: TestApp): Promise<string[]> {
  const rows = await t.deps.db.selectFrom('audit_events').select('action').where('action', 'like', 'settings.%').orderBy('id').execute();
  return rows.map((r) => r.action);
}

/** Posts the members and mail form with `changes` over what the page shows. */
async function postMembers(client: TestClient, changes: Record<string, string>, locale = 'en') {
  const page = await client.get(`/${locale}/admin/settings`);
  const values = formValues(page.body, `/${locale}/admin/settings/members`);
  return client.post(`/${locale}/admin/settings/members`, { ...values, ...changes }, { csrfFrom: `/${locale}/admin/settings` });
}

async function postNetwork(client: TestClient, changes: Record<string, string>, locale = 'en') {
  const page = await client.get(`/${locale}/admin/settings`);
  const values = formValues(page.body, `/${locale}/admin/settings/network`);
  return client.post(`/${locale}/admin/settings/network`, { ...values, ...changes }, { csrfFrom: `/${locale}/admin/settings` });
}

/** A multipart upload of one file to the logo form, with the page's CSRF token in the query as the form sends it. */
async function uploadLogo(t: TestApp, client: TestClient, bytes: Buffer, filename: string, contentType: string) {
  const page = await client.get('/en/admin/settings');
  // An editor's page has no logo form: post with the token of the form it has, as a hand-made request would.
  const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
  const action =
    /action="(\/en\/admin\/settings\/logo\?_csrf=[^"#]+)[^"]*"/.exec(page.body)?.[1] ?? `/en/admin/settings/logo?_csrf=${encodeURIComponent(token)}`;
  const boundary = '----plenary-test-boundary';
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="logo"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const response = await t.app.inject({
    method: 'POST',
    url: decode(action),
    payload,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
  });
  return response;
}

// A 1×1 PNG, the smallest real image.
const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

async function joinThroughForm(t: TestApp, locale: string, fields: Record<string, string>) {
  const client = new Client(t.app);
  const page = await client.get(`/${locale}/join`);
  const stamp = /name="stamp" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
  t.clock.advance(minimumFillMs + 100);
  return client.post(`/${locale}/join`, { stamp, consent: 'yes', language: locale, ...fields }, { csrfFrom: `/${locale}/join` });
}

for (const dialect of dialects) {
  describe(`network settings on ${dialect}`, () => {
    let t: TestApp;
    let owner: TestClient;
    let editor: TestClient;
    let viewer: TestClient;
    before(async () => {
      t = await createTestApp(dialect);
      owner = await t.signedInClient('owner');
      editor = await t.signedInClient('editor');
      viewer = await t.signedInClient('viewer');
    });
    after(async () => {
      await t.close();
    });

    test('the settings page is in the navigation for editors and owners; viewers neither see nor open it', async () => {
      for (const client of [owner, editor]) {
        const dashboard = await client.get('/en/admin');
        assert.match(dashboard.body, /<a href="\/en\/admin\/settings"[^>]*>Settings<\/a>/);
        assert.equal((await client.get('/fr/admin/settings')).statusCode, 200);
      }
      assert.doesNotMatch((await viewer.get('/en/admin')).body, /href="\/en\/admin\/settings"/);
      assert.equal((await viewer.get('/en/admin/settings')).statusCode, 403);
      const asEditor = (await editor.get('/en/admin/settings')).body;
      assert.match(asEditor, /action="\/en\/admin\/settings\/network#/);
      assert.doesNotMatch(asEditor, /action="\/en\/admin\/settings\/members/, 'editors do not get the owner-only form');
      assert.match(asEditor, /Only owners can change the sender name/);
    });

    test('editors save the name and description per language; a missing language falls back to the default one; audited', async () => {
      const response = await postNetwork(editor, {
        name_fr: 'Réseau des délégations',
        description_fr: 'Une description en français.',
        description_ru: '',
        description_en: 'An English description.',
      });
      assert.equal(response.statusCode, 303);
      assert.equal(response.headers.location, '/en/admin/settings?saved=network');
      assert.match((await t.app.inject({ url: '/fr/' })).body, /Réseau des délégations[\s\S]*Une description en français\./);
      const russian = (await t.app.inject({ url: '/ru/' })).body;
      assert.match(russian, /An English description\./, 'no Russian description: the default language’s is shown');
      assert.deepEqual(await auditActions(t), ['settings.network']);
      const audit = await t.deps.db.selectFrom('audit_events').selectAll().where('action', '=', 'settings.network').executeTakeFirstOrThrow();
      assert.match(String(audit.details), /name\.fr/);
      assert.match(String(audit.details), /description\.ru/);
    });

    test('bad input: the form comes back with translated messages and nothing is saved', async () => {
      const before = await findCurrentNetwork(t.deps.db);
      const auditBefore = (await auditActions(t)).length;
      const response = await postNetwork(editor, { name_en: '   ', name_fr: 'Nouveau nom', description_zh: 'x'.repeat(2001) }, 'fr');
      assert.equal(response.statusCode, 400);
      assert.match(response.body, /English \(langue par défaut\) : saisissez le nom du réseau\./);
      assert.match(response.body, /中文 : ce texte est trop long \(2000 caractères au maximum\)\./);
      assert.match(response.body, /id="name_en"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="name_en"/);
      assert.match(response.body, /value="Nouveau nom"/, 'what was typed is shown again');
      assert.deepEqual(await findCurrentNetwork(t.deps.db), before, 'nothing changed');
      assert.equal((await auditActions(t)).length, auditBefore);

      const bad = await postMembers(owner, { contactEmail: 'not an address', senderName: 'Team <ceo@evil.example>' });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /The sender name may have at most 100 characters/);
      assert.match(bad.body, /id="contactEmail-error"/);
      assert.deepEqual(await findCurrentNetwork(t.deps.db), before, 'nothing changed');
    });

    test('the forms need their CSRF token, and the owner-only form refuses editors', async () => {
      const page = await owner.get('/en/admin/settings');
      const values = formValues(page.body, '/en/admin/settings/network');
      assert.equal((await owner.post('/en/admin/settings/network', { ...values, name_en: 'Forged' }, { csrfFrom: null })).statusCode, 403);
      // The owner's form, posted by an editor with the editor's own token.
      const ownerForm = formValues(page.body, '/en/admin/settings/members');
      const asEditor = await editor.post('/en/admin/settings/members', { ...ownerForm, senderName: 'Editor' }, { csrfFrom: '/en/admin/settings' });
      assert.equal(asEditor.statusCode, 403);
      const network = (await findCurrentNetwork(t.deps.db))!;
      assert.notEqual(JSON.parse(network.name).en, 'Forged');
      assert.notEqual(network.sender_name, 'Editor');
    });

    test('consent text per language: the join form shows it (falling back to the default language) and consent records its version', async () => {
      const saved = await postMembers(owner, {
        consentText_en: 'I agree that the Delegations Network keeps my details and writes to me.',
        consentText_fr: 'J’accepte que le Réseau des délégations conserve mes informations.',
      });
      assert.equal(saved.statusCode, 303);
      assert.match((await t.app.inject({ url: '/fr/join' })).body, /J’accepte que le Réseau des délégations conserve mes informations\./);
      assert.match((await t.app.inject({ url: '/zh/join' })).body, /I agree that the Delegations Network keeps my details/);
      const network = (await findCurrentNetwork(t.deps.db))!;
      assert.ok(network.consent_text_at);
      const audit = await t.deps.db.selectFrom('audit_events').selectAll().where('action', '=', 'settings.members').executeTakeFirstOrThrow();
      assert.match(String(audit.details), /Réseau des délégations conserve/, 'the wording is kept with the change');

      assert.equal((await joinThroughForm(t, 'fr', { email: 'consent@example.org', name: 'Amina' })).statusCode, 303);
      await t.runJobs();
      const mail = await t.deps.db.selectFrom('captured_mail').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow();
      const confirmPath = new URL(/https?:\/\/\S+\/fr\/join\/confirm\/[A-Za-z0-9._?=-]+/.exec(mail.raw.replace(/=\r?\n/g, ''))![0]).pathname;
      const confirmer = new Client(t.app);
      assert.equal((await confirmer.post(confirmPath, {}, { csrfFrom: confirmPath })).statusCode, 200);
      const member = await t.deps.db.selectFrom('members').selectAll().where('email_key', '=', 'consent@example.org').executeTakeFirstOrThrow();
      assert.equal(member.consent_version, `join-consent-custom-${network.consent_text_at}:fr`);
    });

    test('join-form fields: a hidden field is not asked and is ignored if posted; a required one left empty is refused', async () => {
      assert.equal(
        (await postMembers(owner, { joinField_organisation: 'required', joinField_jobTitle: 'hidden', joinField_memberState: 'required' })).statusCode,
        303,
      );
      const page = (await t.app.inject({ url: '/en/join' })).body;
      assert.doesNotMatch(page, /name="jobTitle"/);
      assert.match(page, /<input[^>]*name="organisation"[^>]*required/);
      const refused = await joinThroughForm(t, 'es', { email: 'required@example.org', name: 'Ana' });
      assert.equal(refused.statusCode, 400);
      assert.match(refused.body, /Indique su organización\./);
      assert.match(refused.body, /Elija su país \(Estado Miembro de las Naciones Unidas\)\./);
      assert.equal(await t.deps.db.selectFrom('members').select('id').where('email_key', '=', 'required@example.org').executeTakeFirst(), undefined);

      const accepted = await joinThroughForm(t, 'en', {
        email: 'fields@example.org',
        name: 'Ana',
        organisation: 'Ministry',
        memberState: 'KE',
        jobTitle: 'Posted anyway',
      });
      assert.equal(accepted.statusCode, 303);
      const member = await t.deps.db.selectFrom('members').selectAll().where('email_key', '=', 'fields@example.org').executeTakeFirstOrThrow();
      assert.equal(member.organisation, 'Ministry');
      assert.equal(member.job_title, '', 'a hidden field is not stored');
      await postMembers(owner, { joinField_organisation: 'optional', joinField_jobTitle: 'optional', joinField_memberState: 'optional' });
    });

    test('logo: a PNG is stored and served by its bytes from any instance; SVG, a disguised file and an oversized one are refused', async () => {
      const stored = await uploadLogo(t, owner, png, 'logo.png', 'image/png');
      assert.equal(stored.statusCode, 303);
      const home = (await t.app.inject({ url: '/en/' })).body;
      const src = /<img class="hero__logo" src="([^"]+)"/.exec(home)?.[1];
      assert.ok(src, 'the home page shows the logo');
      // A second instance on the same database serves it: nothing lives in one process's memory or disk.
      const again = await t.database.connectAgain();
      const other = await buildApp({ ...t.deps, db: again.db });
      try {
        const served = await other.inject({ url: decode(src) });
        assert.equal(served.statusCode, 200);
        assert.equal(served.headers['content-type'], 'image/png');
        assert.equal(served.headers['x-content-type-options'], 'nosniff');
        assert.match(String(served.headers['content-security-policy']), /default-src 'none'/);
        assert.deepEqual(served.rawPayload, png);
      } finally {
        await other.close();
      }

      const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
      const refusedSvg = await uploadLogo(t, owner, svg, 'logo.svg', 'image/svg+xml');
      assert.equal(refusedSvg.statusCode, 400);
      assert.match(refusedSvg.body, /This file is not a PNG, JPEG or WebP image\. SVG files are not accepted\./);
      const disguised = await uploadLogo(t, owner, Buffer.from('<html><script>alert(1)</script></html>'), 'logo.png', 'image/png');
      assert.equal(disguised.statusCode, 400);
      const huge = Buffer.concat([png, Buffer.alloc(600 * 1024)]);
      const refusedHuge = await uploadLogo(t, owner, huge, 'big.png', 'image/png');
      assert.equal(refusedHuge.statusCode, 400);
      assert.match(refusedHuge.body, /The image is too large: a logo may be at most 512 KB\./);
      const logo = await t.deps.db.selectFrom('network_logos').selectAll().executeTakeFirstOrThrow();
      assert.equal(Buffer.from(logo.data, 'base64').compare(png), 0, 'the refused files changed nothing');
      assert.doesNotMatch((await editor.get('/en/admin/settings')).body, /settings\/logo/);
      assert.equal((await uploadLogo(t, editor, png, 'logo.png', 'image/png')).statusCode, 403, 'editors may not change the logo');

      const removed = await owner.post('/en/admin/settings/logo/remove', {}, { csrfFrom: '/en/admin/settings' });
      assert.equal(removed.statusCode, 303);
      assert.equal((await t.app.inject({ url: '/network-logo' })).statusCode, 404);
      const actions = await auditActions(t);
      assert.ok(actions.includes('settings.logo') && actions.includes('settings.logo_removed'));
    });
  });

  describe(`the network's mail carries its sender name, on ${dialect}`, () => {
    const cleanups: (() => Promise<void>)[] = [];
    after(async () => {
      for (const c of cleanups.reverse()) await c();
    });

    test('member emails and announcements come from the sender name, over a real SMTP relay (the network name when unset)', async () => {
      const peer = await startSmtpPeer({ smtpUtf8: true });
      const t = await createTestApp(dialect, { SMTP_URL: peer.url, MAIL_FROM: 'Plenary <outreach@plenary.example>' });
      cleanups.push(peer.close, t.close);
      const owner = await t.signedInClient('owner');

      assert.equal((await joinThroughForm(t, 'en', { email: 'first@example.org', name: 'First' })).statusCode, 303);
      await t.runJobs();
      const unset = await simpleParser(peer.received.at(-1)!.raw);
      assert.deepEqual(unset.from?.value[0], { name: 'WSIS+20 Outreach Network', address: 'outreach@plenary.example' });

      assert.equal((await postMembers(owner, { senderName: 'شبكة التوعية WSIS+20' })).statusCode, 303);
      assert.equal((await joinThroughForm(t, 'ar', { email: 'second@example.org', name: 'ليلى' })).statusCode, 303);
      await t.runJobs();
      const named = await simpleParser(peer.received.at(-1)!.raw);
      assert.deepEqual(named.from?.value[0], { name: 'شبكة التوعية WSIS+20', address: 'outreach@plenary.example' });
      assert.match(headerBlock(peer.received.at(-1)!.raw), /^From: =\?UTF-8\?/m, 'the non-ASCII name is encoded (RFC 2047)');

      await addMember(t.deps, cliActor, { email: 'member@example.org', name: 'Member', language: 'en' }, { status: 'subscribed', basis: 'test' });
      const announcement = await createAnnouncement(t.deps, cliActor, { subject: 'Briefing next week', markdown: 'Dear {{name}}' });
      await sendAnnouncement(t.deps, cliActor, announcement.id);
      await t.runJobs();
      const sent = peer.received.find((m) => m.raw.includes('Briefing next week'));
      assert.ok(sent);
      assert.equal((await simpleParser(sent.raw)).from?.value[0]?.name, 'شبكة التوعية WSIS+20');
    });
  });
}
