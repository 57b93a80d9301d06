import { chromium } from 'playwright-core';
import { AppError } from '../../errors/app-error.ts';

/** Debian's Chromium unless CHROMIUM_PATH names another (the browser tests use the same one). */
const chromiumPath = () => process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Prints an HTML document to an A4 PDF in headless Chromium, with "page / pages" in every footer. The page is
 * loaded from the string with JavaScript off and every request refused, so nothing is fetched or run. One
 * browser per document: it is closed whatever happens, so no process is left behind.
 */
export async function printPdf(html: string, footerLabel: string): Promise<Buffer> {
  let browser: Awaited<ReturnType<typeof chromium.launch>>;
  try {
    browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
  } catch {
    throw new AppError('briefing_pdf_unavailable');
  }
  try {
    const context = await browser.newContext({ javaScriptEnabled: false });
    await context.route('**/*', (route) => route.abort());
    const page = await context.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    const footer = `<div style="font-size:8px;width:100%;padding:0 16mm;display:flex;justify-content:space-between;font-family:sans-serif"><span>${escapeHtml(footerLabel)}</span><span><span class="pageNumber"></span> / <span class="totalPages"></span></span></div>`;
    return await page.pdf({
      format: 'A4',
      printBackground: true,
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate: footer,
      margin: { top: '18mm', bottom: '20mm', left: '16mm', right: '16mm' },
    });
  } finally {
    await browser.close();
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
