import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { axeViolations, formatViolations, launchBrowser, newContext, type RunningApp, signInThroughForm, startRunningApp } from '../../../test/browser.ts';
import { testPassword } from '../../../test/test-app.ts';
import { pdfBytes } from '../../../test/zip-builder.ts';
import { cliActor } from '../audit/audit.service.ts';
import { createStaffAccount } from '../auth/auth.service.ts';
import { createResource } from './resource.service.ts';

// One real server and one database: the pages do not depend on the dialect (the inject() tests cover both).
describe('the library and the timeline in a real browser (axe-core, WCAG 2.1 AA)', () => {
  let running: RunningApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let resourceId: number;
  let milestoneId: number;
  const pdfFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'plenary-browser-')), 'fiche-smsi.pdf');

  before(async () => {
    running = await startRunningApp('sqlite');
    const deps = running.testApp.deps;
    await createStaffAccount(deps, cliActor, { email: 'lena@example.org', name: 'Lena Fischer', role: 'editor', password: testPassword });
    const row = await createResource(
      deps,
      cliActor,
      {
        kind: 'fact_sheet',
        status: 'published',
        topics: ['Multistakeholder model'],
        versions: {
          en: {
            title: 'The WSIS+20 review in one page',
            summary: 'The review of the World Summit on the Information Society.',
            body: '## Why it matters\n\n- The **IGF**\n- Enhanced cooperation',
          },
          ar: { title: 'ما هو استعراض القمة العالمية لمجتمع المعلومات بعد عشرين عامًا؟', summary: 'استعراض القمة العالمية لمجتمع المعلومات.' },
        },
      },
      { name: 'wsis-20.pdf', bytes: pdfBytes() },
    );
    resourceId = row.id;
    milestoneId = (await deps.db.selectFrom('milestones').select('id').orderBy('id').executeTakeFirstOrThrow()).id;
    fs.writeFileSync(pdfFile, pdfBytes('Fiche'));
    browser = await launchBrowser();
    context = await newContext(browser);
    page = await context.newPage();
    await signInThroughForm(page, running.baseUrl, 'lena@example.org', testPassword);
  });
  after(async () => {
    await context?.close();
    await browser?.close();
    await running?.close();
    fs.rmSync(path.dirname(pdfFile), { recursive: true, force: true });
  });

  async function expectNoViolations(url: string): Promise<void> {
    const response = await page.goto(`${running.baseUrl}${url}`);
    assert.equal(response?.status(), 200, `${url} answered ${response?.status()}`);
    const violations = await axeViolations(page);
    assert.deepEqual(violations, [], formatViolations(url, violations));
  }

  for (const locale of ['en', 'ar', 'zh']) {
    test(`the admin library and timeline, the public library, a resource and the home page have no violations (${locale})`, async () => {
      for (const url of [
        '/admin/resources',
        '/admin/resources/new',
        `/admin/resources/${resourceId}`,
        `/admin/resources/${resourceId}/edit`,
        `/admin/resources/${resourceId}/delete`,
        '/admin/timeline',
        '/admin/timeline/new',
        `/admin/timeline/${milestoneId}/edit`,
        '/resources',
        `/resources/${resourceId}`,
        '/',
      ]) {
        await expectNoViolations(`/${locale}${url}`);
      }
      if (locale === 'ar') assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector('main') as Element).direction), 'rtl');
    });
  }

  test('a resource is added through the form with a PDF in French, then read and downloaded from the public site', async () => {
    await page.goto(`${running.baseUrl}/fr/admin/resources/new`);
    await page.selectOption('#kind', 'submission');
    await page.selectOption('#status', 'published');
    await page.selectOption('#sourceLocale', 'fr');
    await page.fill('#title-fr', 'Contribution au projet zéro du SMSI+20');
    await page.fill('#summary-fr', 'Ce que la communauté technique a demandé.');
    await page.fill('#submittedTo', 'Cofacilitateurs de l’examen SMSI+20');
    await page.fill('#submittedOn', '2025-08-15');
    await page.setInputFiles('#file', pdfFile);
    await Promise.all([page.waitForURL(/\/fr\/admin\/resources\/\d+\?saved=1$/), page.click('form.resource-form button[type="submit"]')]);
    assert.equal(await page.textContent('h1'), 'Contribution au projet zéro du SMSI+20');
    await page.goto(`${running.baseUrl}/fr/resources/contribution-au-projet-zéro-du-smsi-20`);
    assert.match((await page.textContent('main')) ?? '', /Soumis à .*Cofacilitateurs de l’examen SMSI\+20.* le 15 août 2025/);
    const violations = await axeViolations(page);
    assert.deepEqual(violations, [], formatViolations('the new resource', violations));
    const download = await page.request.get(`${running.baseUrl}/fr/resources/contribution-au-projet-zéro-du-smsi-20/file`);
    assert.equal(download.headers()['content-type'], 'application/pdf');
    assert.deepEqual(await download.body(), pdfBytes('Fiche'));
  });

  test('on a phone the library and a resource fit the screen', async () => {
    const phone = await newContext(browser, { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, hasTouch: true });
    try {
      const small = await phone.newPage();
      for (const url of ['/ar/resources', `/ar/resources/${resourceId}`, '/zh/resources']) {
        await small.goto(`${running.baseUrl}${url}`);
        const size = await small.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
        assert.ok(size.scrollWidth <= size.innerWidth, `${url} is ${size.scrollWidth}px wide on a ${size.innerWidth}px screen`);
      }
    } finally {
      await phone.close();
    }
  });
});
