import { createRequire } from 'node:module';
import type { AxeResults } from 'axe-core';
import { type Browser, type BrowserContext, type BrowserContextOptions, chromium, type Page } from 'playwright-core';
import type { Dialect } from '../src/db/database.ts';
import { createTestApp, type TestApp } from './test-app.ts';

/** The WCAG 2.0/2.1 A and AA rules every page must pass. */
export const wcagTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** The app listening on a real loopback port, for a browser to visit. */
export interface RunningApp {
  testApp: TestApp;
  /** `http://127.0.0.1:<port>`, without a trailing slash. */
  baseUrl: string;
  close(): Promise<void>;
}

/** Starts the test app (fresh database of `dialect`, demo network seeded) on an ephemeral loopback port. */
export async function startRunningApp(dialect: Dialect): Promise<RunningApp> {
  const testApp = await createTestApp(dialect);
  try {
    await testApp.app.listen({ port: 0, host: '127.0.0.1' });
  } catch (error) {
    await testApp.close();
    throw error;
  }
  const address = testApp.app.server.address();
  if (!address || typeof address === 'string') throw new Error(`unexpected server address ${String(address)}`);
  return { testApp, baseUrl: `http://127.0.0.1:${address.port}`, close: () => testApp.close() };
}

/** Launches Debian's Chromium (or `CHROMIUM_PATH`) headless, with everything that reaches the network turned off. */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  try {
    return await chromium.launch({
      executablePath,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  } catch (error) {
    throw new Error(`could not launch Chromium at ${executablePath} (install Debian's chromium or set CHROMIUM_PATH): ${(error as Error).message}`);
  }
}

/**
 * A browser context for the app. The app's CSP stays on (script-src 'self') so the pages are
 * checked as users get them; axe is injected through the DevTools protocol, which CSP does not cover.
 */
export function newContext(browser: Browser, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
}

const axeSource: string = (createRequire(import.meta.url)('axe-core') as { source: string }).source;

/** One axe violation, reduced to what an assertion message needs. */
export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: { target: string; summary: string }[];
}

/** Runs axe-core's WCAG 2.1 A/AA rules on the page as it is now and returns the violations. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  const hasAxe = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe === 'object');
  if (!hasAxe) await page.evaluate(axeSource);
  const results = await page.evaluate(
    (values) =>
      (window as unknown as { axe: { run(context: Document, options: object): Promise<AxeResults> } }).axe.run(document, { runOnly: { type: 'tag', values } }),
    wcagTags,
  );
  return results.violations.map((v) => ({
    id: v.id,
    impact: v.impact ?? null,
    help: v.help,
    helpUrl: v.helpUrl,
    nodes: v.nodes.map((n) => ({ target: n.target.map(String).join(' '), summary: (n.failureSummary ?? '').replace(/\s+/g, ' ').trim() })),
  }));
}

/** The violations as a readable list for an assertion message ("no violations" when empty). */
export function formatViolations(url: string, violations: AxeViolation[]): string {
  if (violations.length === 0) return `${url}: no violations`;
  const lines = [`${url}: ${violations.length} axe violation(s)`];
  for (const v of violations) {
    lines.push(`- [${v.impact ?? 'unknown'}] ${v.id}: ${v.help} (${v.helpUrl})`);
    for (const n of v.nodes.slice(0, 10)) lines.push(`    at ${n.target}${n.summary ? ` — ${n.summary}` : ''}`);
    if (v.nodes.length > 10) lines.push(`    … and ${v.nodes.length - 10} more`);
  }
  return lines.join('\n');
}

/** Signs in through the real sign-in form at `/{locale}/admin/login` and waits for the dashboard. */
export async function signInThroughForm(page: Page, baseUrl: string, email: string, password: string, locale = 'en'): Promise<void> {
  await page.goto(`${baseUrl}/${locale}/admin/login`);
  await page.fill('#email', email);
  await page.fill('#password', password);
  await Promise.all([page.waitForURL(`${baseUrl}/${locale}/admin`), page.click('form.form button[type="submit"]')]);
}
