import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dialects } from '../../../test/dialects.ts';
import { createTestApp, type TestApp, TestClient } from '../../../test/test-app.ts';
import { type Locale, locales, translator } from '../../i18n/i18n.ts';
import { minimumFillMs } from './join.routes.tsx';
import { otherPlace, unMemberStateChoices } from './member-geography.ts';

const decode = (html: string) =>
  html
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

interface Group {
  label: string;
  options: { code: string; name: string; selected: boolean }[];
}

/** The option groups of the select named `name` on a page. */
function selectGroups(html: string, name: string): Group[] {
  const select = new RegExp(`<select[^>]*name="${name.replace('.', '\\.')}"[^>]*>([\\s\\S]*?)</select>`).exec(html)?.[1];
  assert.ok(select, `a ${name} select`);
  return [...select.matchAll(/<optgroup label="([^"]*)">([\s\S]*?)<\/optgroup>/g)].map((g) => ({
    label: decode(g[1] ?? ''),
    options: [...(g[2] ?? '').matchAll(/<option value="([^"]*)"( selected)?[^>]*>([^<]*)<\/option>/g)].map((o) => ({
      code: o[1] ?? '',
      name: decode(o[3] ?? ''),
      selected: Boolean(o[2]),
    })),
  }));
}

/** Checks a member-state select: the UN list in the locale's order, then "Other", apart. */
function assertUnList(html: string, name: string, locale: Locale, others: string[] = [otherPlace]) {
  const t = translator(locale);
  const groups = selectGroups(html, name);
  assert.equal(groups.length, 2, `${locale}: two groups`);
  const [un, other] = groups as [Group, Group];
  assert.equal(un.label, t('memberState.unGroup'));
  assert.deepEqual(
    un.options.map((o) => [o.code, o.name]),
    unMemberStateChoices(locale).map((c) => [c.code, c.name]),
    `${locale}: the 195 UN names in the locale's order`,
  );
  assert.equal(other.label, t('memberState.otherGroup'));
  assert.notEqual(other.label, un.label);
  assert.deepEqual(
    other.options.map((o) => o.code),
    others,
  );
  assert.equal(other.options[0]?.name, t('memberState.other'));
  return groups;
}

async function join(t: TestApp, locale: Locale, fields: Record<string, string>) {
  const client = new TestClient(t.app);
  const page = await client.get(`/${locale}/join`);
  const stamp = /name="stamp" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
  t.clock.advance(minimumFillMs + 100);
  return client.post(`/${locale}/join`, { stamp, consent: 'yes', language: locale, ...fields }, { csrfFrom: `/${locale}/join` });
}

for (const dialect of dialects) {
  describe(`the UN member-state list in forms on ${dialect}`, () => {
    let t: TestApp;
    let editor: TestClient;
    before(async () => {
      t = await createTestApp(dialect);
      editor = await t.signedInClient('editor');
    });
    after(async () => {
      await t.close();
    });

    for (const locale of locales) {
      test(`${locale}: the join form offers the UN Member and observer States, and "Other" apart`, async () => {
        const page = await new TestClient(t.app).get(`/${locale}/join`);
        assert.equal(page.statusCode, 200);
        const [un] = assertUnList(page.body, 'memberState', locale);
        const cldr = new Intl.DisplayNames([locale], { type: 'region' });
        const select = decode(/<select[^>]*name="memberState"[\s\S]*?<\/select>/.exec(page.body)?.[0] ?? '');
        // Taiwan, Kosovo, Antarctica, Bouvet Island, "Palestinian Territories": CLDR's, not the UN's.
        for (const code of ['TW', 'XK', 'AQ', 'BV', 'PS']) {
          const name = cldr.of(code) ?? code;
          assert.ok(!un?.options.some((o) => o.name === name), `${locale}: ${name} is no UN Member State`);
          assert.ok(!select.includes(`>${name}<`), `${locale}: ${name} is not offered at all`);
        }
        assert.ok(
          un?.options.some((o) => o.code === 'PS'),
          'the State of Palestine is, by its UN name',
        );
      });
    }

    test('the join form still stores a member state by its code; "Other / not listed" is stored apart from the UN list', async () => {
      assert.equal((await join(t, 'ru', { email: 'kim@mission-kr.example', name: 'Ким', memberState: 'KR' })).statusCode, 303);
      assert.equal((await join(t, 'en', { email: 'lin@example.org', name: 'Lin', memberState: otherPlace })).statusCode, 303);
      const members = await t.deps.db
        .selectFrom('members')
        .select(['email_display', 'member_state', 'un_status', 'regional_group'])
        .where('email_display', 'in', ['kim@mission-kr.example', 'lin@example.org'])
        .orderBy('email_display')
        .execute();
      assert.deepEqual(members, [
        { email_display: 'kim@mission-kr.example', member_state: 'KR', un_status: 'member', regional_group: 'asia_pacific' },
        { email_display: 'lin@example.org', member_state: otherPlace, un_status: 'non_member', regional_group: null },
      ]);
      const refused = await join(t, 'en', { email: 'nowhere@example.org', name: 'Nowhere', memberState: 'QQ' });
      assert.equal(refused.statusCode, 400, 'a code that names no place is refused');
      assert.equal(await t.deps.db.selectFrom('members').select('id').where('email_display', '=', 'nowhere@example.org').executeTakeFirst(), undefined);
    });

    test('staff forms, filters and the audience use the same list; a stored territory keeps its code', async () => {
      const added = await editor.post(
        '/fr/admin/members/new',
        { email: 'mei@example.org', name: 'Mei', memberState: 'TW', language: 'en', status: 'subscribed', basis: 'Signed up on paper at the briefing' },
        { csrfFrom: '/fr/admin/members/new' },
      );
      assert.equal(added.statusCode, 303);
      const id = /\/admin\/members\/(\d+)/.exec(String(added.headers.location))?.[1];
      assert.ok(id);
      assertUnList((await editor.get('/fr/admin/members/new')).body, 'memberState', 'fr');
      // Existing data keeps its code: the editor offers it (under "Other", by CLDR's name) and keeps it selected.
      const edit = await editor.get(`/fr/admin/members/${id}/edit`);
      const [, other] = assertUnList(edit.body, 'memberState', 'fr', [otherPlace, 'TW']);
      assert.equal(other?.options.find((o) => o.selected)?.code, 'TW');
      const saved = await editor.post(
        `/fr/admin/members/${id}/edit`,
        { email: 'mei@example.org', name: 'Mei Lin', memberState: 'TW', language: 'en' },
        { csrfFrom: `/fr/admin/members/${id}/edit` },
      );
      assert.equal(saved.statusCode, 303);
      const row = await t.deps.db.selectFrom('members').select(['name', 'member_state', 'un_status']).where('id', '=', Number(id)).executeTakeFirstOrThrow();
      assert.deepEqual(row, { name: 'Mei Lin', member_state: 'TW', un_status: 'non_member' });

      const list = await editor.get('/es/admin/members?memberState=KR');
      const [un] = assertUnList(list.body, 'memberState', 'es');
      assert.equal(un?.options.find((o) => o.selected)?.name, 'República de Corea');
      assertUnList((await editor.get('/zh/admin/announcements/new')).body, 'audience.memberState', 'zh');
    });
  });
}
