import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { dialects } from '../../../test/dialects.ts';
import { decodeQr } from '../../../test/qr-code.ts';
import { createTestApp, type TestApp, type TestClient } from '../../../test/test-app.ts';
import { type Locale, locales, translator } from '../../i18n/i18n.ts';
import { cliActor } from '../audit/audit.service.ts';
import { addMember, unsubscribe } from '../members/member.service.ts';
import { memberStates, type RegionalGroup, regionalGroups } from '../members/member-states.data.ts';
import { requireNetwork } from '../site/site.service.ts';
import { evennessIndexOf } from './evenness-index.ts';
import { networkSlideFigures, slideSentence, slideWording } from './network-slide.service.ts';

const run = promisify(execFile);

/** The text of every QR code zbarimg finds in an image (none: an empty list; zbarimg exits 4 then). */
/** The UN Member States of a regional group, in the data file's order. */
const statesOf = (group: RegionalGroup) => memberStates.filter((s) => s.status === 'member' && s.regionalGroup === group).map((s) => s.code);
const counts = (african: number, asia: number, eastern: number, latin: number, western: number) => ({
  african,
  asia_pacific: asia,
  eastern_european: eastern,
  latin_american_caribbean: latin,
  western_european_others: western,
});

describe('which sentence the evenness index allows', () => {
  test('"distributed evenly" from 0.85 and "all five regional groups" from 0.6, each only with all five groups present', () => {
    const un = counts(54, 54, 23, 33, 29);
    assert.equal(slideWording(451, evennessIndexOf(un)), 'even');
    // Equal numbers of member states per group are not the UN's composition: 0.84, below the threshold.
    const equal = evennessIndexOf(counts(3, 3, 3, 3, 3));
    assert.equal(equal.index, 0.84);
    assert.equal(slideWording(100, equal), 'all_groups');
    // 0.881 without a single Eastern European member state: high, but not "all regions".
    const noEastern = evennessIndexOf(counts(11, 11, 0, 7, 6));
    assert.ok(noEastern.index >= 0.85, String(noEastern.index));
    assert.equal(slideWording(100, noEastern), 'plain');
    const lopsided = evennessIndexOf(counts(1, 1, 1, 1, 20));
    assert.ok(lopsided.index < 0.6, String(lopsided.index));
    assert.equal(slideWording(100, lopsided), 'plain');
    assert.equal(slideWording(0, evennessIndexOf(counts(0, 0, 0, 0, 0))), 'empty');
    assert.equal(slideWording(3, evennessIndexOf(counts(0, 0, 0, 0, 0))), 'members_only');
  });

  test('the thresholds are inclusive', () => {
    const at = (index: number) => ({ ...evennessIndexOf(counts(11, 11, 5, 7, 6)), index });
    assert.equal(slideWording(10, at(0.85)), 'even');
    assert.equal(slideWording(10, at(0.849)), 'all_groups');
    assert.equal(slideWording(10, at(0.6)), 'all_groups');
    assert.equal(slideWording(10, at(0.599)), 'plain');
  });

  test('the sentence is plural-aware in the six languages, and claims evenness only when allowed', () => {
    const say = (locale: Locale, members: number, memberStates: number, wording: Parameters<typeof slideSentence>[1]['wording']) =>
      slideSentence(translator(locale), { members, memberStates, wording }, 'WSIS+20 Outreach Network');
    assert.equal(say('en', 451, 78, 'even'), '451 members from 78 UN Member States, distributed evenly between all geographic regions');
    assert.equal(say('en', 1, 1, 'plain'), '1 member from 1 UN Member State');
    assert.equal(say('en', 1, 0, 'members_only'), '1 member has joined the WSIS+20 Outreach Network');
    assert.equal(say('en', 0, 0, 'empty'), 'Be among the first members of the WSIS+20 Outreach Network');
    assert.equal(say('en', 60, 52, 'all_groups'), '60 members from 52 UN Member States across all five regional groups');
    assert.equal(say('ru', 21, 5, 'plain'), '21 участник из 5 государств — членов ООН');
    assert.equal(say('ru', 22, 2, 'plain'), '22 участника из 2 государств — членов ООН');
    assert.equal(say('ar', 2, 2, 'plain'), 'عضوان من دولتين عضوين في الأمم المتحدة');
    assert.equal(say('ar', 1, 0, 'members_only'), 'انضم عضو واحد إلى WSIS+20 Outreach Network');
    assert.equal(say('zh', 451, 78, 'even'), '来自 78\u00a0个联合国会员国的 451\u00a0名成员，均衡分布于所有地理区域');
    const evenWords: Record<Locale, string> = {
      ar: 'بالتساوي',
      en: 'evenly',
      es: 'equilibrada',
      fr: 'équilibrée',
      ru: 'равномерным',
      zh: '均衡',
    };
    for (const locale of locales) {
      assert.ok(say(locale, 451, 78, 'even').includes(evenWords[locale]), locale);
      for (const wording of ['all_groups', 'plain', 'members_only', 'empty'] as const) {
        assert.ok(!say(locale, 451, 78, wording).includes(evenWords[locale]), `${locale} ${wording} makes no claim of evenness`);
      }
      assert.match(say(locale, 451, 78, 'plain'), /451/);
      assert.match(say(locale, 451, 78, 'plain'), /78/);
    }
  });
});

for (const dialect of dialects) {
  describe(`the network slide's figures from live data on ${dialect}`, () => {
    let t: TestApp;
    const ids = new Map<string, number>();
    const add = async (code: string | null, key = code ?? 'none') => {
      const row = await addMember(
        t.deps,
        cliActor,
        { email: `m-${key.toLowerCase()}@example.org`, name: `Member ${key}`, memberState: code ?? '', language: 'en' },
        { status: 'subscribed', basis: 'test' },
      );
      ids.set(key, row.id);
    };
    const addStates = async (group: RegionalGroup, from: number, to: number) => {
      for (const code of statesOf(group).slice(from, to)) await add(code);
    };
    const figures = async () => networkSlideFigures(t.deps, (await requireNetwork(t.deps)).id);
    const sentence = async (locale: Locale = 'en') => slideSentence(translator(locale), await figures(), 'WSIS+20 Outreach Network');

    before(async () => {
      t = await createTestApp(dialect);
    });
    after(() => t.close());

    test('no member: an invitation, no figure', async () => {
      const f = await figures();
      assert.deepEqual([f.members, f.memberStates, f.wording], [0, 0, 'empty']);
      assert.equal(await sentence(), 'Be among the first members of the WSIS+20 Outreach Network');
    });

    test('members outside every UN Member State (none given, an observer state): the members alone', async () => {
      await add(null);
      assert.equal(await sentence(), '1 member has joined the WSIS+20 Outreach Network');
      await add('VA');
      const f = await figures();
      assert.deepEqual([f.members, f.memberStates, f.wording], [2, 0, 'members_only']);
      assert.equal(await sentence('ru'), 'WSIS+20 Outreach Network: присоединились 2 участника');
    });

    test('fewer than five regional groups: the figures without any claim, however high the index', async () => {
      await addStates('african', 0, 11);
      await addStates('asia_pacific', 0, 11);
      await addStates('latin_american_caribbean', 0, 7);
      await addStates('western_european_others', 0, 6);
      const f = await figures();
      assert.equal(f.evenness.byRegionalGroup.eastern_european.memberStates, 0);
      assert.ok(f.evenness.index >= 0.85, String(f.evenness.index));
      assert.equal(f.wording, 'plain');
      assert.equal(await sentence(), '37 members from 35 UN Member States');
    });

    test('spread like the UN over all five groups: "distributed evenly between all geographic regions"', async () => {
      await addStates('eastern_european', 0, 5);
      const f = await figures();
      assert.equal(f.evenness.index, evennessIndexOf(counts(11, 11, 5, 7, 6)).index);
      assert.equal(f.wording, 'even');
      assert.equal(await sentence(), '42 members from 40 UN Member States, distributed evenly between all geographic regions');
      assert.equal(await sentence('zh'), '来自 40\u00a0个联合国会员国的 42\u00a0名成员，均衡分布于所有地理区域');
    });

    test('uneven: "across all five regional groups" between 0.6 and 0.85, then no claim below 0.6', async () => {
      await addStates('western_european_others', 6, 18);
      let f = await figures();
      assert.equal(f.evenness.index, evennessIndexOf(counts(11, 11, 5, 7, 18)).index);
      assert.ok(f.evenness.index < 0.85 && f.evenness.index >= 0.6, String(f.evenness.index));
      assert.equal(await sentence(), '54 members from 52 UN Member States across all five regional groups');
      // Members who leave take their member states out of the sentence.
      for (const code of [...statesOf('african').slice(1, 11), ...statesOf('asia_pacific').slice(1, 11)]) {
        await unsubscribe(t.deps, ids.get(code) as number, 'page');
      }
      f = await figures();
      assert.equal(f.evenness.index, evennessIndexOf(counts(1, 1, 5, 7, 18)).index);
      assert.ok(f.evenness.index < 0.6, String(f.evenness.index));
      assert.equal(f.wording, 'plain');
      assert.equal(await sentence(), '34 members from 32 UN Member States');
    });
  });

  describe(`the network slide's page, PNG and .pptx on ${dialect}`, () => {
    let t: TestApp;
    let viewer: TestClient;
    let dir: string;

    before(async () => {
      t = await createTestApp(dialect);
      for (const group of regionalGroups) {
        for (const code of statesOf(group).slice(0, 3)) {
          await addMember(
            t.deps,
            cliActor,
            { email: `${code.toLowerCase()}@example.org`, name: code, memberState: code, language: 'en', source: 'hlgm-2024' },
            { status: 'subscribed', basis: 'test' },
          );
        }
      }
      viewer = await t.signedInClient('viewer');
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plenary-slide-'));
    });
    after(async () => {
      fs.rmSync(dir, { recursive: true, force: true });
      await t.close();
    });

    const joinUrl = (locale: string, src?: string) => `${t.deps.config.publicUrl}/${locale}/join${src ? `?src=${src}` : ''}`;
    const sentence = '15 members from 15 UN Member States across all five regional groups';

    test('every staff role sees the slide; the public is sent to sign in', async () => {
      const response = await viewer.get('/en/admin/reports/slide?src=hlgm-2024');
      assert.equal(response.statusCode, 200);
      assert.equal(response.headers['cache-control'], 'no-store');
      assert.ok(response.body.includes(`<h1 class="slide__line network-slide__sentence">${sentence}</h1>`));
      assert.ok(response.body.includes('localhost:3000/en/join?src=hlgm-2024'));
      assert.match(response.body, /<option value="hlgm-2024" selected/);
      // The QR standard's 4-module quiet zone: qrcode draws the dark modules as one path from (margin, margin + ½).
      assert.match(response.body, /<path stroke="#000000" d="M4 4\.5h/);
      assert.ok(response.body.includes('href="/en/admin/reports/slide.pptx?src=hlgm-2024"'));
      const ar = await viewer.get('/ar/admin/reports/slide');
      assert.match(ar.body, /<html lang="ar" dir="rtl">/);
      assert.ok(ar.body.includes('من المجموعات الإقليمية الخمس كلها'));
      const anonymous = await t.app.inject({ method: 'GET', url: '/en/admin/reports/slide' });
      assert.notEqual(anonymous.statusCode, 200);
      // The reports area links to it.
      assert.ok((await viewer.get('/en/admin/reports')).body.includes('href="/en/admin/reports/slide"'));
    });

    test('a malformed source is no source', async () => {
      const response = await viewer.get('/fr/admin/reports/slide?src=%3Cscript%3E');
      assert.equal(response.statusCode, 200);
      assert.ok(response.body.includes('localhost:3000/fr/join</p>'));
      assert.ok(!response.body.includes('<script>'));
    });

    test('the PNG is 1920×1080 and its QR code decodes to the join link', async () => {
      const response = await viewer.get('/zh/admin/reports/slide.png?src=hlgm-2024');
      assert.equal(response.statusCode, 200);
      assert.equal(response.headers['content-type'], 'image/png');
      const png = response.rawPayload;
      assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [1920, 1080]);
      const file = path.join(dir, 'slide.png');
      fs.writeFileSync(file, png);
      assert.deepEqual(await decodeQr(file), [joinUrl('zh', 'hlgm-2024')]);
    });

    test('the .pptx is one slide with the sentence and the link as text and the QR code as an image', async () => {
      const response = await viewer.get('/en/admin/reports/slide.pptx');
      assert.equal(response.statusCode, 200);
      assert.match(String(response.headers['content-disposition']), /attachment; filename="network-slide-en\.pptx"/);
      const file = path.join(dir, 'slide.pptx');
      fs.writeFileSync(file, response.rawPayload);
      const { stdout: listing } = await run('unzip', ['-Z1', file]);
      const slides = listing.split('\n').filter((name) => /^ppt\/slides\/slide\d+\.xml$/.test(name));
      assert.deepEqual(slides, ['ppt/slides/slide1.xml']);
      assert.ok(
        listing.split('\n').some((name) => /^ppt\/media\/.+\.png$/.test(name)),
        'the QR code is an image',
      );
      const { stdout: xml } = await run('unzip', ['-p', file, 'ppt/slides/slide1.xml']);
      assert.ok(xml.includes(`<a:t>${sentence}</a:t>`), 'the sentence is editable text');
      assert.ok(xml.includes('<a:t>localhost:3000/en/join</a:t>'), 'the link is editable text');
      const ar = await viewer.get('/ar/admin/reports/slide.pptx');
      const arFile = path.join(dir, 'slide-ar.pptx');
      fs.writeFileSync(arFile, ar.rawPayload);
      const { stdout: arXml } = await run('unzip', ['-p', arFile, 'ppt/slides/slide1.xml']);
      assert.ok(arXml.includes('rtl="1"'), 'Arabic runs right to left');
      assert.ok(arXml.includes('المجموعات الإقليمية الخمس'));
    });

    if (dialect === 'sqlite') {
      test('LibreOffice Impress opens the .pptx, and the QR code in what it draws decodes to the join link', async () => {
        const file = path.join(dir, 'impress.pptx');
        fs.writeFileSync(file, (await viewer.get('/es/admin/reports/slide.pptx?src=hlgm-2024')).rawPayload);
        const profile = path.join(dir, 'lo-profile');
        await run('soffice', [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', 'png', '--outdir', dir, file], { timeout: 120_000 });
        const drawn = path.join(dir, 'impress.png');
        assert.ok(fs.existsSync(drawn), 'LibreOffice drew the slide');
        assert.deepEqual(await decodeQr(drawn), [joinUrl('es', 'hlgm-2024')]);
      });
    }
  });
}
