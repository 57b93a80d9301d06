import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp, type TestClient } from '../../../test/test-app.ts';
import { cliActor } from '../audit/audit.service.ts';
import { addMember } from '../members/member.service.ts';

/** The text of a PDF as poppler's pdftotext reads it (an extractor independent of the printer). */
function pdfText(pdf: Buffer): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plenary-pdf-'));
  try {
    const file = path.join(dir, 'briefing.pdf');
    fs.writeFileSync(file, pdf);
    return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).normalize('NFKC');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// Chromium prints the same HTML whatever the database: one dialect is enough here (briefing.test.ts covers both).
describe('a briefing printed to PDF by headless Chromium', () => {
  let t: TestApp;
  let viewer: TestClient;
  let id: number;

  before(async () => {
    t = await createTestApp('sqlite');
    t.clock.set(new Date('2026-10-05T09:00:00Z'));
    await addMember(t.deps, cliActor, { email: 'a@example.org', name: 'A', memberState: 'KE', language: 'en' }, { status: 'subscribed', basis: 'test' });
    t.clock.set(new Date('2026-11-03T09:00:00Z'));
    const editor = await t.signedInClient('editor', 'lena@example.org');
    viewer = await t.signedInClient('viewer', 'viewer@example.org');
    const created = await editor.post('/en/admin/reports/briefings', { periodKind: 'last_month' }, { csrfFrom: '/en/admin/reports/briefings' });
    id = Number(/(\d+)$/.exec(String(created.headers.location))?.[1]);
    const edit = `/en/admin/reports/briefings/${id}/edit`;
    await editor.post(edit, { locale: 'zh', title: '十月简报', 'narrative.picture': '网络稳步增长。' }, { csrfFrom: edit });
    await editor.post(edit, { locale: 'ar', title: 'إحاطة تشرين الأول', 'narrative.picture': 'نمت الشبكة بثبات.' }, { csrfFrom: edit });
  });
  after(() => t.close());

  test('English: a cover, every section, the figures and page numbers', async () => {
    const response = await viewer.get(`/en/admin/reports/briefings/${id}/pdf`);
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['content-type'], 'application/pdf');
    assert.match(String(response.headers['content-disposition']), new RegExp(`attachment; filename="briefing-${id}-en.pdf"`));
    assert.equal(response.rawPayload.subarray(0, 5).toString(), '%PDF-');
    const text = pdfText(response.rawPayload);
    assert.match(text, /Briefing for the Board, 1–31 October 2026/);
    for (const heading of [
      'The network’s picture',
      'Growth',
      'Announcements',
      'Events and attendance',
      'Engagements and submissions',
      'Risks and opportunities',
      'Upcoming milestones and deadlines',
    ]) {
      assert.ok(text.includes(heading), heading);
    }
    assert.match(text, /Since 1 October 2026: members \+1/);
    const pages = text.split('\f').filter((p) => p.trim());
    assert.ok(pages.length >= 2, 'the cover is a page of its own');
    assert.match(pages[0] ?? '', /\b1 ?\/ ?\d+/);
    assert.match(pages[1] ?? '', /\b2 ?\/ ?\d+/);
  });

  test('Chinese and Arabic glyphs are printed as text', async () => {
    const zh = pdfText((await viewer.get(`/zh/admin/reports/briefings/${id}/pdf`)).rawPayload);
    assert.ok(zh.includes('十月简报'), 'the Chinese title');
    assert.ok(zh.includes('网络概况'), 'a Chinese section heading');
    assert.ok(zh.includes('网络稳步增长'), 'the Chinese narrative');
    const ar = pdfText((await viewer.get(`/ar/admin/reports/briefings/${id}/pdf`)).rawPayload);
    // pdftotext gives Arabic in its own order; the letters of each word are there.
    for (const word of ['إحاطة', 'الشبكة', 'النمو']) assert.ok(ar.includes(word) || ar.includes([...word].reverse().join('')), word);
  });
});

/** The text of every slide of a .pptx, read from its slide XML with unzip (a reader independent of the writer). */
function slideTexts(pptx: Buffer): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plenary-pptx-'));
  try {
    const file = path.join(dir, 'briefing.pptx');
    fs.writeFileSync(file, pptx);
    const names = execFileSync('unzip', ['-Z1', file], { encoding: 'utf8' })
      .split('\n')
      .filter((n) => /^ppt\/slides\/slide\d+\.xml$/.test(n))
      .sort((a, b) => Number(/\d+/.exec(a)?.[0]) - Number(/\d+/.exec(b)?.[0]));
    return names.map((n) => [...execFileSync('unzip', ['-p', file, n], { encoding: 'utf8' }).matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((m) => m[1]).join(' | '));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('a briefing as PowerPoint slides', () => {
  let t: TestApp;
  let viewer: TestClient;
  let id: number;

  before(async () => {
    t = await createTestApp('sqlite');
    t.clock.set(new Date('2026-10-05T09:00:00Z'));
    await addMember(t.deps, cliActor, { email: 'a@example.org', name: 'A', memberState: 'KE', language: 'en' }, { status: 'subscribed', basis: 'test' });
    t.clock.set(new Date('2026-11-03T09:00:00Z'));
    const editor = await t.signedInClient('editor', 'lena@example.org');
    viewer = await t.signedInClient('viewer', 'viewer@example.org');
    const created = await editor.post('/en/admin/reports/briefings', { periodKind: 'last_month' }, { csrfFrom: '/en/admin/reports/briefings' });
    id = Number(/(\d+)$/.exec(String(created.headers.location))?.[1]);
    const edit = `/en/admin/reports/briefings/${id}/edit`;
    await editor.post(edit, { locale: 'en', title: 'October briefing', 'narrative.growth': 'Steady growth in Africa.' }, { csrfFrom: edit });
  });
  after(() => t.close());

  test('a title slide, then one slide per section with its three key figures and its narrative; growth has a chart', async () => {
    const response = await viewer.get(`/en/admin/reports/briefings/${id}/pptx`);
    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers['content-type']), /presentationml\.presentation/);
    const slides = slideTexts(response.rawPayload);
    assert.equal(slides.length, 8);
    assert.match(slides[0] ?? '', /WSIS\+20 Outreach Network \| October briefing \| Period: 1–31 October 2026/);
    assert.match(slides[1] ?? '', /The network’s picture \| 1 \| member at the end of the period \| 1 \| UN Member State represented/);
    assert.match(slides[2] ?? '', /Growth \| 1 \| Joined \| 0 \| Left \| 1 \| Members \| Steady growth in Africa\./);
    assert.match(slides[4] ?? '', /Events and attendance \| 0 \| events in the period \| 0 \| confirmed registrations \| 0 \| registrants attended/);
    assert.match(slides[6] ?? '', /Risks and opportunities/);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plenary-pptx-'));
    try {
      fs.writeFileSync(path.join(dir, 'b.pptx'), response.rawPayload);
      const entries = execFileSync('unzip', ['-Z1', path.join(dir, 'b.pptx')], { encoding: 'utf8' });
      assert.match(entries, /ppt\/charts\/chart\d+\.xml/, 'the growth chart is a native chart');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    const ar = slideTexts((await viewer.get(`/ar/admin/reports/briefings/${id}/pptx`)).rawPayload);
    assert.match(ar[1] ?? '', /صورة الشبكة/);
  });
});
