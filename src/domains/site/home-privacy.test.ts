import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dialects } from '../../../test/dialects.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { cliActor } from '../audit/audit.service.ts';
import { addMember } from '../members/member.service.ts';
import { updateMemberSettings, updateNetworkTexts } from './network-settings.service.ts';
import { findCurrentNetwork } from './site.repository.ts';

/** The members-and-mail settings as they are, with `changes` on top (the service takes the whole form). */
async function memberSettings(t: TestApp, changes: Record<string, string>) {
  const network = (await findCurrentNetwork(t.deps.db))!;
  const fields = JSON.parse(network.join_fields) as Record<string, string>;
  return {
    senderName: network.sender_name,
    contactEmail: network.contact_email,
    joinField_memberState: fields.memberState ?? 'optional',
    joinField_stakeholderGroup: fields.stakeholderGroup ?? 'optional',
    joinField_organisation: fields.organisation ?? 'optional',
    joinField_jobTitle: fields.jobTitle ?? 'optional',
    ...changes,
  };
}

for (const dialect of dialects) {
  describe(`the public home page and privacy notice on ${dialect}`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(dialect);
    });
    after(async () => {
      await t.close();
    });

    test('the home page links to the archive, the join slide and the privacy notice; the contact only once one is set', async () => {
      const home = (await t.app.inject({ url: '/fr/' })).body;
      assert.match(home, /<a href="\/fr\/announcements">Archives des annonces<\/a>/);
      assert.match(home, /<a href="\/fr\/join\/slide">Diapositive d’inscription pour les présentations<\/a>/);
      assert.match(home, /<a href="\/fr\/privacy">Politique de confidentialité<\/a>/);
      assert.doesNotMatch(home, /mailto:/);
      await updateMemberSettings(t.deps, cliActor, await memberSettings(t, { contactEmail: 'Équipe@Exemple.org' }));
      const withContact = (await t.app.inject({ url: '/ar/' })).body;
      assert.match(withContact, /تواصل مع الفريق:/);
      assert.match(withContact, /href="mailto:Équipe@exemple\.org"/, 'the address in its display form');
    });

    test('/privacy shows the notice as safe HTML in the reader’s language, else the default language’s, else says there is none', async () => {
      const none = await t.app.inject({ url: '/es/privacy' });
      assert.equal(none.statusCode, 200);
      assert.match(none.body, /todavía no ha publicado un aviso de privacidad/);
      await updateMemberSettings(
        t.deps,
        cliActor,
        await memberSettings(t, {
          privacyNotice_en:
            '## What we keep\n\nYour **name** and address. <script>alert(1)</script>\n\n[Click](javascript:alert(2)) or [read more](https://example.org/more).',
          privacyNotice_fr: '## Ce que nous conservons\n\nVotre nom et votre adresse.',
        }),
      );
      const french = (await t.app.inject({ url: '/fr/privacy' })).body;
      assert.match(french, /<h2>Ce que nous conservons<\/h2>/);
      const english = (await t.app.inject({ url: '/zh/privacy' })).body;
      assert.match(english, /<h1 id="privacy-heading">隐私声明<\/h1>/);
      assert.match(english, /<h2>What we keep<\/h2>[\s\S]*<strong>name<\/strong>/, 'no Chinese notice: the default language’s is shown');
      assert.doesNotMatch(english, /<script>alert/, 'raw HTML is not passed through');
      assert.match(english, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
      assert.doesNotMatch(english, /href="javascript:/i);
      assert.match(english, /<a href="https:\/\/example\.org\/more">read more<\/a>/);
      assert.match(english, /href="mailto:Équipe@exemple\.org"/);
    });

    test('a favicon is served at /favicon.ico (a real ICO) and /assets/favicon.svg, and every page links them', async () => {
      const ico = await t.app.inject({ url: '/favicon.ico' });
      assert.equal(ico.statusCode, 200);
      assert.equal(ico.headers['content-type'], 'image/x-icon');
      assert.deepEqual([...ico.rawPayload.subarray(0, 4)], [0, 0, 1, 0], 'ICO header: reserved 0, type 1 (icon)');
      assert.ok(ico.rawPayload.readUInt16LE(4) >= 1, 'at least one image');
      const svg = await t.app.inject({ url: '/assets/favicon.svg' });
      assert.equal(svg.statusCode, 200);
      assert.match(String(svg.headers['content-type']), /^image\/svg\+xml/);
      for (const url of ['/en/', '/ar/privacy', '/fr/join', '/en/admin/login']) {
        const page = (await t.app.inject({ url })).body;
        assert.match(page, /<link rel="icon" href="\/favicon\.ico" sizes="any"\/?>/, url);
        assert.match(page, /<link rel="icon" href="\/assets\/favicon\.svg" type="image\/svg\+xml"\/?>/, url);
      }
    });

    test('the network’s picture shows on the home page only when staff choose it, without the sources chart', async () => {
      await addMember(
        t.deps,
        cliActor,
        { email: 'k@example.org', name: 'K', language: 'en', memberState: 'KE', source: 'hlgm-2024' },
        { status: 'subscribed', basis: 'test' },
      );
      assert.doesNotMatch((await t.app.inject({ url: '/en/' })).body, /network-picture-heading/);
      const network = (await findCurrentNetwork(t.deps.db))!;
      const name = JSON.parse(network.name) as Record<string, string>;
      await updateNetworkTexts(t.deps, cliActor, {
        defaultLocale: 'en',
        ...Object.fromEntries(Object.entries(name).map(([l, v]) => [`name_${l}`, v])),
        homeShowsPicture: 'yes',
      });
      const home = (await t.app.inject({ url: '/en/' })).body;
      assert.match(home, /id="network-picture-heading"/);
      assert.match(home, /class="world-map/);
      assert.doesNotMatch(home, /hlgm-2024/, 'source tags stay with staff');
    });
  });
}
