import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dialects } from '../../../test/dialects.ts';
import { createTestApp, type TestApp, type TestClient } from '../../../test/test-app.ts';
import { reindexBatchSize, up as reindexSearchText } from '../../db/migrations/0016-search-folding.ts';
import { migrations } from '../../db/migrations/index.ts';
import { cliActor } from '../audit/audit.service.ts';
import { requireNetwork } from '../site/site.service.ts';
import { listMembers } from './member.repository.ts';
import { addMember } from './member.service.ts';
import { searchable } from './member-record.ts';

describe('searchable', () => {
  test('folds case and the diacritics of Latin, Greek, Cyrillic and Arabic letters', () => {
    assert.equal(searchable('González'), 'gonzalez');
    assert.equal(searchable('MÜLLER'), 'muller');
    assert.equal(searchable('Łódź', 'Straße', 'Ørsted', 'Æther'), 'lodz strasse orsted aether');
    assert.equal(searchable('Ёлкин'), 'елкин');
    assert.equal(searchable('Ἀθῆναι'), 'αθηναι');
    assert.equal(searchable('مُحَمَّد'), 'محمد', 'Arabic vowel signs are not needed to find a name');
    assert.equal(searchable('ｆｕｌｌ ﬁ'), 'full fi', 'compatibility forms (NFKC)');
  });

  test('keeps the marks that make letters in other scripts', () => {
    assert.equal(searchable('हिन्दी'), 'हिन्दी');
    assert.equal(searchable('がぎ'), 'がぎ', 'kana voicing marks are recomposed, not dropped');
    assert.equal(searchable('한국어'), '한국어', 'Hangul syllables are recomposed after decomposition');
    assert.equal(searchable('用户@例子.广告'), '用户@例子.广告');
  });

  test('folds ASCII text (its shortcut) as the full folding does', () => {
    // A trailing "é" sends the text down the full folding, which folds it to "e" and each ASCII character alone.
    const ascii = Array.from({ length: 128 }, (_, c) => String.fromCharCode(c)).join('');
    for (const text of [ascii, 'Anna SCHMIDT anna.schmidt.12@Example.ORG Ministry of Foreign Affairs', "O'Brien-Smith", 'ISTANBUL']) {
      assert.equal(`${searchable(text)}e`, searchable(`${text}é`), JSON.stringify(text));
    }
    assert.equal(searchable('ISTANBUL'), 'istanbul', 'no Turkish dotless i');
  });

  test('folds parts one by one as it folds them joined by spaces', () => {
    // Characters that compose, reorder, case-map by context or decompose under NFKC, at the ends of parts.
    const pool = [
      'a',
      'A',
      'e',
      'Σ',
      'ς',
      'σ',
      'ΟΔΥΣ',
      '\u0301',
      '\u0308',
      '\u0344',
      '´',
      'ﬁ',
      'ß',
      'İ',
      'ᄀ',
      'ᅡ',
      '가',
      'ا',
      '\u064e',
      'ـ',
      '用',
      '\u200d',
      '.',
      '@',
      ' ',
      'x',
      'Ø',
    ];
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let i = 0; i < 5000; i++) {
      const parts = Array.from({ length: 1 + Math.floor(next() * 4) }, () =>
        Array.from({ length: Math.floor(next() * 5) }, () => pool[Math.floor(next() * pool.length)]).join(''),
      );
      assert.equal(searchable(...parts), searchable(parts.join(' ')), JSON.stringify(parts));
    }
  });
});

const people = [
  { email: 'jose@mission-mx.example', name: 'José González', organisation: 'Misión Permanente de México' },
  { email: 'anna@mission-de.example', name: 'Anna Müller', organisation: 'Ständige Vertretung' },
  { email: 'piotr@mission-pl.example', name: 'Piotr Wałęsa', organisation: 'Stałe Przedstawicielstwo' },
  { email: 'olga@mission-ru.example', name: 'Ольга Ёлкина', organisation: '' },
  { email: 'plain@example.org', name: 'Maria Gonzalez', organisation: '' },
];

for (const dialect of dialects) {
  describe(`member search is accent- and case-insensitive on ${dialect}`, () => {
    let t: TestApp;
    let viewer: TestClient;
    let networkId: number;
    before(async () => {
      t = await createTestApp(dialect);
      viewer = await t.signedInClient('viewer');
      networkId = (await requireNetwork(t.deps)).id;
      for (const person of people) {
        await addMember(t.deps, cliActor, { ...person, language: 'en' }, { status: 'subscribed', basis: 'test' });
      }
    });
    after(() => t.close());

    const found = async (q: string) => (await listMembers(t.deps.db, networkId, { q }, { limit: 50 })).map((m) => m.name).sort();

    test('an unaccented query finds the accented name, and an accented one the plain name', async () => {
      assert.deepEqual(await found('Gonzalez'), ['José González', 'Maria Gonzalez']);
      assert.deepEqual(await found('GONZÁLEZ'), ['José González', 'Maria Gonzalez']);
      assert.deepEqual(await found('Muller'), ['Anna Müller']);
      assert.deepEqual(await found('müller'), ['Anna Müller']);
      assert.deepEqual(await found('walesa'), ['Piotr Wałęsa']);
      assert.deepEqual(await found('елкина'), ['Ольга Ёлкина']);
      assert.deepEqual(await found('mexico'), ['José González'], 'organisations fold too');
      assert.deepEqual(await found('Mueller'), [], 'folding is not guessing');
    });

    test('the members page finds them the same way', async () => {
      const page = await viewer.get(`/en/admin/members?q=${encodeURIComponent('gonzalez')}`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /José González/);
      assert.match(page.body, /Maria Gonzalez/);
      assert.doesNotMatch(page.body, /Anna Müller/);
    });

    test(`migration 0016 re-indexes stored rows in batches of ${reindexBatchSize}, leaving erased tombstones empty`, async () => {
      assert.ok(migrations['0016-search-folding'], 'the migration is registered');
      const now = new Date().toISOString();
      const base = await listMembers(t.deps.db, networkId, {}, { limit: 1 });
      const { id: _id, ...template } = base[0] as Record<string, unknown>;
      const rows = Array.from({ length: reindexBatchSize * 2 + 3 }, (_, i) => ({
        ...template,
        email_input: `old${i}@example.org`,
        email_display: `old${i}@example.org`,
        email_ascii: `old${i}@example.org`,
        email_key: `old${i}@example.org`,
        name: `Ñandú Ärger ${i}`,
        organisation: '',
        // The text as stored before diacritics were folded.
        search_text: `ñandú ärger ${i} old${i}@example.org old${i}@example.org `,
        created_at: now,
        updated_at: now,
        erased_at: null,
      }));
      for (let i = 0; i < rows.length; i += 200)
        await t.deps.db
          .insertInto('members')
          .values(rows.slice(i, i + 200) as never)
          .execute();
      await t.deps.db
        .insertInto('members')
        .values({
          ...template,
          email_input: 'gone',
          email_display: 'gone',
          email_ascii: null,
          email_key: 'gone',
          name: 'Ärger',
          search_text: '',
          erased_at: now,
        } as never)
        .execute();
      assert.deepEqual(await found('nandu arger 1002'), [], 'not found before the re-index');

      await reindexSearchText(t.deps.db);

      assert.deepEqual(await found('nandu arger 1002'), ['Ñandú Ärger 1002'], 'the last batch is re-indexed');
      assert.deepEqual(await found('NANDU ARGER 0 '), ['Ñandú Ärger 0'], 'the first batch too');
      assert.equal((await listMembers(t.deps.db, networkId, { q: 'arger' }, { limit: 5000 })).length, rows.length, 'every row, never the tombstone');
      const tombstone = await t.deps.db.selectFrom('members').select('search_text').where('email_key', '=', 'gone').executeTakeFirstOrThrow();
      assert.equal(tombstone.search_text, '');
    });
  });
}
