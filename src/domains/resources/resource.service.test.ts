import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { dialects } from '../../../test/dialects.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { docxBytes, pdfBytes } from '../../../test/zip-builder.ts';
import { type AppError, isAppError } from '../../errors/app-error.ts';
import type { Actor } from '../audit/audit.service.ts';
import { renderPublishedMarkdown } from '../site/safe-markdown.ts';
import {
  createResource,
  deleteResource,
  getResource,
  listResourcesForStaff,
  publishedResource,
  publishedResourceFile,
  publishedResources,
  setResourceStatus,
  updateResource,
} from './resource.service.ts';
import { slugify } from './resource-input.ts';

const refusedWith = (code: string, details?: Record<string, unknown>) => (error: unknown) => {
  assert.ok(isAppError(error), String(error));
  assert.equal((error as AppError).code, code, JSON.stringify((error as AppError).details));
  if (details) for (const [k, v] of Object.entries(details)) assert.equal((error as AppError).details[k], v);
  return true;
};

const editor: Actor = { staffId: null, label: 'lena@example.org' };

const factSheet = {
  kind: 'fact_sheet',
  status: 'published',
  sourceLocale: 'en',
  topics: ['Multistakeholder model', 'multistakeholder  MODEL'],
  versions: {
    en: {
      title: 'The WSIS+20 review in brief',
      summary: 'The review of the World Summit on the Information Society, twenty years on.',
      body: '# Why\n\nThe **Plenipotentiary Conference** looks at it too.',
    },
    zh: { title: '信息社会世界峰会二十年审查', summary: '二十年后的审查。', body: '' },
    ar: { title: 'ما هو استعراض القمة العالمية لمجتمع المعلومات؟', summary: '', body: '' },
  },
};

for (const dialect of dialects) {
  describe(`resources (service) on ${dialect}`, () => {
    let t: TestApp;
    const storedFiles = () => {
      const dir = path.join(t.deps.config.dataDir, 'resources');
      return fs.existsSync(dir) ? fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length : 0;
    };
    const countRows = async () =>
      Number(
        (
          await t.deps.db
            .selectFrom('resources')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );

    before(async () => {
      t = await createTestApp(dialect, { RESOURCE_FILE_LIMIT_BYTES: String(64 * 1024) });
      t.clock.set(new Date('2026-10-20T09:00:00Z'));
    });
    after(() => t.close());

    test('slugs are made from titles in any script', () => {
      assert.equal(slugify('What is the WSIS+20 review?'), 'what-is-the-wsis-20-review');
      assert.equal(slugify('信息社会世界峰会二十年审查'), '信息社会世界峰会二十年审查');
      assert.equal(slugify('ما هو استعراض القمة العالمية؟'), 'ما-هو-استعراض-القمة-العالمية');
      assert.equal(slugify('Ｆｕｌｌ　Ｗｉｄｔｈ — Résumé'), 'full-width-résumé');
      assert.equal([...slugify('a'.repeat(300))].length, 100);
    });

    test('the demo network has a library in the six languages, linked to its timeline', async () => {
      const { views } = await listResourcesForStaff(t.deps, { status: 'published' }, { limit: 10, offset: 0 });
      assert.equal(views.length, 3);
      for (const view of views) assert.deepEqual(Object.keys(view.versions).sort(), ['ar', 'en', 'es', 'fr', 'ru', 'zh']);
      const faq = await publishedResource(t.deps, 'ru', 'what-is-the-internet-governance-forum');
      assert.equal(faq.canonicalSlug, 'что-такое-форум-по-вопросам-управления-интернетом');
      assert.match(faq.shown.body, /Лиллестрёме \(Норвегия\)/);
      const links = await t.deps.db
        .selectFrom('milestone_resources')
        .innerJoin('milestones', 'milestones.id', 'milestone_resources.milestone_id')
        .select('milestones.date')
        .where('milestone_resources.resource_id', '=', faq.view.row.id)
        .execute();
      assert.deepEqual(
        links.map((l) => l.date),
        ['2006-10-30'],
      );
    });

    test('a resource is stored with one version per locale, shared topics and a file, and audited', async () => {
      const row = await createResource(t.deps, editor, factSheet, { name: 'C:\\Users\\lena\\fact-sheet.pdf', bytes: pdfBytes() });
      const view = await getResource(t.deps, row.id);
      assert.deepEqual(Object.keys(view.versions).sort(), ['ar', 'en', 'zh']);
      assert.equal(view.versions.en?.slug, 'the-wsis-20-review-in-brief');
      assert.equal(view.versions.zh?.slug, '信息社会世界峰会二十年审查');
      assert.equal(view.versions.ar?.slug, 'ما-هو-استعراض-القمة-العالمية-لمجتمع-المعلومات');
      assert.deepEqual(
        view.topics.map((x) => x.name),
        ['Multistakeholder model'],
        'two spellings of one topic are one topic',
      );
      assert.equal(row.file_type, 'application/pdf');
      assert.equal(row.file_name, 'fact-sheet.pdf', 'the path a browser sent is not kept');
      assert.equal(row.published_at, '2026-10-20T09:00:00.000Z');
      assert.equal(storedFiles(), 1);
      const file = await publishedResourceFile(t.deps, 'fr', String(row.id));
      assert.deepEqual(file.bytes, pdfBytes());
      const audit = await t.deps.db.selectFrom('audit_events').selectAll().where('subject', '=', `resource:${row.id}`).execute();
      assert.deepEqual(
        audit.map((a) => a.action),
        ['resource.created'],
      );
    });

    test('bad input is refused with the field it is about, and nothing is stored', async () => {
      const rows = await countRows();
      const files = storedFiles();
      const pdf = { name: 'a.pdf', bytes: pdfBytes() };
      await assert.rejects(
        createResource(t.deps, editor, factSheet, pdf),
        refusedWith('resource_slug_taken', { slug: 'the-wsis-20-review-in-brief', locale: 'en' }),
      );
      const other = (versions: object, extra: object = {}) => ({ kind: 'paper', versions, ...extra });
      await assert.rejects(
        createResource(t.deps, editor, other({ en: { title: 'Paper' } }, { externalUrl: 'javascript:alert(1)' })),
        refusedWith('invalid_input', { field: 'externalUrl' }),
      );
      await assert.rejects(
        createResource(t.deps, editor, other({ en: { title: 'Paper' }, fr: { title: '', summary: 'Sans titre' } })),
        refusedWith('invalid_input', { field: 'versions.fr.title' }),
      );
      await assert.rejects(
        createResource(t.deps, editor, other({ en: { title: 'Paper', slug: 'no spaces/or slashes' } })),
        refusedWith('invalid_input', { field: 'versions.en.slug' }),
      );
      await assert.rejects(createResource(t.deps, editor, other({ xx: { title: 'Paper' } })), refusedWith('invalid_input', { field: 'versions.xx' }));
      await assert.rejects(createResource(t.deps, editor, other({ en: { title: '' } })), refusedWith('resource_title_required'));
      await assert.rejects(
        createResource(t.deps, editor, other({ en: { title: 'Paper' } }, { kind: 'tweet' })),
        refusedWith('invalid_input', { field: 'kind' }),
      );
      const html = { name: 'report.pdf', bytes: Buffer.from('<!doctype html><script>alert(1)</script>') };
      await assert.rejects(
        createResource(t.deps, editor, other({ en: { title: 'Disguised' } }), html),
        refusedWith('resource_file_type', { name: 'report.pdf' }),
      );
      const big = { name: 'big.pdf', bytes: Buffer.concat([pdfBytes(), Buffer.alloc(64 * 1024)]) };
      await assert.rejects(createResource(t.deps, editor, other({ en: { title: 'Too big' } }), big), refusedWith('resource_file_too_large', { megabytes: 1 }));
      assert.equal(await countRows(), rows);
      assert.equal(storedFiles(), files, 'no file is left behind by a refused save');
    });

    test('the public library shows published resources only, each in the reader’s language or the fallback', async () => {
      const draft = await createResource(t.deps, editor, { kind: 'faq', status: 'draft', versions: { fr: { title: 'Qu’est-ce que le SMSI ?' } } });
      const en = await publishedResources(t.deps, 'en', {}, { limit: 10, offset: 0 });
      assert.ok(en.items.every((i) => i.view.row.status === 'published'));
      assert.ok(!en.items.some((i) => i.view.row.id === draft.id), 'a draft is not public');
      await assert.rejects(publishedResource(t.deps, 'fr', String(draft.id)), refusedWith('not_found'));
      const fr = await publishedResource(t.deps, 'fr', 'the-wsis-20-review-in-brief');
      assert.equal(fr.fallback, true, 'no French version: the default language is shown');
      assert.equal(fr.shown.locale, 'en');
      assert.equal(fr.canonicalSlug, null);
      const zh = await publishedResource(t.deps, 'zh', 'the-wsis-20-review-in-brief');
      assert.equal(zh.canonicalSlug, '信息社会世界峰会二十年审查', 'a link in another language moves to this language’s slug');
      const ar = await publishedResource(t.deps, 'ar', 'ما-هو-استعراض-القمة-العالمية-لمجتمع-المعلومات');
      assert.equal(ar.fallback, false);
      assert.equal(ar.shown.title, 'ما هو استعراض القمة العالمية لمجتمع المعلومات؟');
      await setResourceStatus(t.deps, editor, draft.id, 'published');
      assert.equal((await publishedResource(t.deps, 'fr', String(draft.id))).shown.locale, 'fr');
      const faqs = await publishedResources(t.deps, 'en', { kind: 'faq' }, { limit: 10, offset: 0 });
      assert.ok(faqs.items.every((i) => i.view.row.kind === 'faq'));
      assert.deepEqual(
        faqs.items.filter((i) => i.view.row.id === draft.id).map((i) => [i.shown.locale, i.fallback]),
        [['fr', true]],
        'newly published, in French for an English reader',
      );
    });

    test('staff find resources by folded text in any version', async () => {
      const search = async (q: string) =>
        (await listResourcesForStaff(t.deps, { q }, { limit: 10, offset: 0 })).views.map((v) => v.versions.en?.title ?? v.versions.fr?.title);
      assert.deepEqual(await search('PLENIPOTENTIARY conference'), ['The WSIS+20 review in brief']);
      assert.deepEqual(await search('二十年审查'), ['The WSIS+20 review in brief']);
      assert.deepEqual(await search('qu’est-ce que le smsi'), ['Qu’est-ce que le SMSI ?']);
      assert.deepEqual(await search('nothing like this'), []);
    });

    test('an update replaces versions and the file (the old bytes go); a delete takes the file with it', async () => {
      const row = await createResource(
        t.deps,
        editor,
        { kind: 'paper', status: 'published', versions: { en: { title: 'Enhanced cooperation' } } },
        { name: 'p.pdf', bytes: pdfBytes() },
      );
      const files = storedFiles();
      const input = {
        kind: 'paper',
        status: 'published',
        versions: { en: { title: 'Enhanced cooperation', body: 'Text' }, es: { title: 'Cooperación reforzada' } },
      };
      await updateResource(t.deps, editor, row.id, input, { upload: { name: 'paper.docx', bytes: docxBytes() } });
      const view = await getResource(t.deps, row.id);
      assert.equal(view.row.file_name, 'paper.docx');
      assert.equal(view.row.file_type, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
      assert.equal(view.versions.es?.slug, 'cooperación-reforzada');
      assert.equal(storedFiles(), files, 'the replaced file was removed');
      await assert.rejects(
        updateResource(t.deps, editor, row.id, input, { upload: { name: 'x.pdf', bytes: Buffer.from('MZ\x90\x00') } }),
        refusedWith('resource_file_type'),
      );
      assert.equal((await getResource(t.deps, row.id)).row.file_name, 'paper.docx', 'a refused replacement keeps the file');
      await updateResource(t.deps, editor, row.id, { ...input, versions: { en: input.versions.en } }, { removeFile: true });
      const removed = await getResource(t.deps, row.id);
      assert.equal(removed.row.file_key, null);
      assert.deepEqual(Object.keys(removed.versions), ['en'], 'a locale left out loses its version');
      assert.equal(storedFiles(), files - 1);
      await deleteResource(t.deps, editor, row.id);
      await assert.rejects(getResource(t.deps, row.id), refusedWith('not_found'));
      const actions = (await t.deps.db.selectFrom('audit_events').select('action').where('subject', '=', `resource:${row.id}`).orderBy('id').execute()).map(
        (a) => a.action,
      );
      assert.deepEqual(actions, ['resource.created', 'resource.updated', 'resource.updated', 'resource.deleted']);
    });
  });
}

test('published Markdown keeps its structure and loses every script', () => {
  const html = renderPublishedMarkdown(
    '# Title\n\n<script>alert(1)</script>\n\n[click](javascript:alert(1)) [ok](https://www.itu.int/wsis) <img src=x onerror=alert(1)>\n\n![p](data:text/html,<script>)',
  );
  assert.match(html, /<h2>Title<\/h2>/, 'a text’s headings start below the page’s h1');
  assert.match(html, /<a href="https:\/\/www\.itu\.int\/wsis" rel="noopener noreferrer">ok<\/a>/);
  assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/, 'raw HTML is shown as text');
  assert.doesNotMatch(html, /<script|<img|<[^>]* onerror|href="javascript:|href="data:|src="data:/);
});
