import { type BrowserContextOptions, chromium, type Page } from 'playwright-core';
import { AppError, type AppErrorCode } from '../../errors/app-error.ts';

/** Debian's Chromium unless CHROMIUM_PATH names another (the browser tests use the same one). */
const chromiumPath = () => process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Runs `work` on a page of a fresh headless Chromium that has loaded `html` from the string, with JavaScript off and
 * every request refused, so nothing is fetched or run. One browser per call: it is closed whatever happens, so no
 * process is left behind. A browser that cannot start is `unavailable` (a 503 code: the PDF's, the slide image's).
 */
export async function withStaticPage<T>(html: string, options: BrowserContextOptions, unavailable: AppErrorCode, work: (page: Page) => Promise<T>): Promise<T> {
  let browser: Awaited<ReturnType<typeof chromium.launch>>;
  try {
    browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
  } catch {
    throw new AppError(unavailable);
  }
  try {
    const context = await browser.newContext({ ...options, javaScriptEnabled: false });
    await context.route('**/*', (route) => route.abort());
    const page = await context.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    return await work(page);
  } finally {
    await browser.close();
  }
}
