import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { createTestDatabase, dialects, type TestDatabase } from '../../test/dialects.ts';
import { manualClock } from '../clock.ts';
import { loadConfig } from '../config/config.ts';
import { createDb } from '../db/database.ts';
import { migrateToLatest } from '../db/migrator.ts';
import { seedDemoNetwork } from '../demo/demo-network.ts';
import { cliActor } from '../domains/audit/audit.service.ts';
import { createEvent } from '../domains/events/event.service.ts';
import { addMember } from '../domains/members/member.service.ts';
import { createBriefing, publishBriefing, updateBriefing } from '../domains/reports/briefing.service.ts';
import { assembleDeps } from '../runtime.ts';
import { parseReportArgs } from './report.ts';
import { UsageError } from './usage-error.ts';

const bin = path.join(import.meta.dirname, '..', '..', 'bin', 'plenary.js');

/** Runs `plenary args…` to completion, as an operator would. */
function plenary(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'silent', ...env };
  for (const key of ['DATABASE_URL', 'PORT', 'PUBLIC_URL', 'SECRET_KEY', 'PLENARY_DEMO']) if (!(key in env)) delete childEnv[key];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { env: childEnv });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.stdin.end();
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const pdfText = (file: string) => execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).normalize('NFKC');

test('the options: two real days in order, a known format and locale, else a usage mistake', () => {
  assert.deepEqual(parseReportArgs(['--from', '2026-11-01', '--to', '2026-11-30', '--format', 'pdf', '--locale', 'ar', '--output', 'b.pdf']), {
    from: '2026-11-01',
    to: '2026-11-30',
    format: 'pdf',
    locale: 'ar',
    output: 'b.pdf',
  });
  assert.deepEqual(parseReportArgs(['--from', '2026-11-01', '--to', '2026-11-01']), {
    from: '2026-11-01',
    to: '2026-11-01',
    format: 'html',
    locale: 'en',
    output: null,
  });
  for (const args of [
    ['--from', '2026-11-30', '--to', '2026-11-01'],
    ['--from', '2026-02-30', '--to', '2026-03-01'],
    ['--from', 'yesterday', '--to', '2026-11-30'],
    ['--to', '2026-11-30'],
    ['--from', '2026-11-01', '--to', '2026-11-30', '--format', 'docx'],
    ['--from', '2026-11-01', '--to', '2026-11-30', '--locale', 'de'],
    ['--from', '2026-11-01', '--to', '2026-11-30', '--colour'],
  ]) {
    assert.throws(() => parseReportArgs(args), UsageError, args.join(' '));
  }
});

test('bad periods, formats and locales exit 2 with one line on stderr', async () => {
  const env = { DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'plenary-report-')) };
  for (const [args, pattern] of [
    [['--from', '2026-11-30', '--to', '2026-11-01'], /the period ends before it starts/],
    [['--from', '2026-11-01', '--to', '2026-11-31'], /--to "2026-11-31" is not a date/],
    [['--from', '2026-11-01', '--to', '2026-11-30', '--locale', 'de'], /unknown --locale "de"/],
    [['--from', '2026-11-01', '--to', '2026-11-30', '--format', 'docx'], /unknown --format "docx"/],
  ] as const) {
    const r = await plenary(['report', 'generate', ...args], env);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, pattern);
  }
  const unknown = await plenary(['report', 'print'], env);
  assert.equal(unknown.code, 2);
  const help = await plenary(['--help'], env);
  assert.match(help.stdout, /\n {2}report generate --from YYYY-MM-DD --to YYYY-MM-DD \[--format html\|pdf\|pptx\|csv\|xlsx\]/);
  fs.rmSync(env.DATA_DIR, { recursive: true, force: true });
});

for (const dialect of dialects) {
  describe(`plenary report generate on ${dialect}`, () => {
    let env: Record<string, string>;
    let database: TestDatabase | undefined;
    let dataDir: string;
    const out = (name: string) => path.join(dataDir, name);

    before(async () => {
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'plenary-report-'));
      // The command opens the database the configuration names: DATABASE_URL, or plenary.sqlite in DATA_DIR.
      if (dialect === 'postgres') database = await createTestDatabase('postgres');
      const handle = database?.handle ?? (await createDb({ dataDir }));
      if (!database) await migrateToLatest(handle.db);
      env = { DATA_DIR: dataDir, ...(database?.location.url ? { DATABASE_URL: database.location.url } : {}) };
      const clock = manualClock(new Date('2026-10-10T09:00:00Z'));
      const deps = assembleDeps(loadConfig({ ...env, LOG_LEVEL: 'silent' }), handle, { clock, secretKey: 'test-secret-key-with-enough-length-0123456789' });
      await seedDemoNetwork(deps);
      const member = async (i: number, state: string, at: string) => {
        clock.set(new Date(at));
        await addMember(
          deps,
          cliActor,
          { email: `r${i}@example.org`, name: `Member ${i}`, memberState: state, language: 'en' },
          { status: 'subscribed', basis: 'test' },
        );
      };
      await member(1, 'KE', '2026-10-10T09:00:00Z');
      await member(2, 'FR', '2026-10-20T09:00:00Z');
      await member(3, 'BR', '2026-11-04T09:00:00Z');
      await member(4, 'CN', '2026-11-18T09:00:00Z');
      await createEvent(deps, cliActor, {
        kind: 'webinar',
        title: { en: 'Webinar on the outcome document' },
        startsAt: '2026-11-12T14:00:00.000Z',
        endsAt: '2026-11-12T15:30:00.000Z',
        timeZone: 'Europe/Zurich',
        onlineUrl: 'https://meet.example.org/outcome',
        visibility: 'public',
        status: 'held',
      });
      clock.set(new Date('2026-12-01T09:00:00Z'));
      const briefing = await createBriefing(deps, cliActor, { periodKind: 'custom', from: '2026-11-01', to: '2026-11-30' });
      await updateBriefing(deps, cliActor, briefing.id, {
        locale: 'en',
        title: 'November briefing',
        narrative: { picture: 'Two UN Member States joined in November.', events: 'One webinar on the outcome document.' },
      });
      await updateBriefing(deps, cliActor, briefing.id, {
        locale: 'fr',
        title: 'Note de novembre',
        narrative: { picture: 'Deux États Membres nous ont rejoints.' },
      });
      await publishBriefing(deps, cliActor, briefing.id);
      await deps.mail.close();
      if (!database) await handle.close();
    });
    after(async () => {
      await database?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    const generate = (format: string, locale: string, file: string) =>
      plenary(['report', 'generate', '--from', '2026-11-01', '--to', '2026-11-30', '--format', format, '--locale', locale, '--output', out(file)], env);

    test('csv: the data annex of the period, with live figures', async () => {
      const r = await generate('csv', 'en', 'annex.csv');
      assert.equal(r.code, 0, r.stderr);
      const records = parse(fs.readFileSync(out('annex.csv'), 'utf8'), { bom: true, columns: true }) as Record<string, string>[];
      const value = (section: string, figure: string, item = '') =>
        records.find((x) => x.section === section && x.figure === figure && x.item === item && !x.point)?.value;
      assert.equal(value('picture', 'period.from'), '2026-11-01');
      assert.equal(value('picture', 'members'), '4');
      assert.equal(value('picture', 'memberStates'), '4');
      assert.equal(value('growth', 'joined'), '2');
      assert.equal(value('events', 'events'), '1');
      assert.equal(value('events', 'kind', 'Webinar on the outcome document'), 'webinar');
    });

    test('html: one self-contained page with the published narrative for the period, in the language asked for', async () => {
      const r = await generate('html', 'fr', 'briefing.html');
      assert.equal(r.code, 0, r.stderr);
      const html = fs.readFileSync(out('briefing.html'), 'utf8');
      assert.match(html, /^<!doctype html><html lang="fr" dir="ltr">/);
      assert.match(html, /<style>[^<]*\.briefing/, 'the stylesheet is inlined');
      assert.doesNotMatch(html, /<link[^>]*stylesheet|<script|src="\//, 'nothing to fetch');
      assert.match(html, /<h1>Note de novembre<\/h1>/);
      assert.match(html, /Deux États Membres nous ont rejoints\./);
      assert.match(html, /Événements et participation/);
      assert.match(html, /Webinar on the outcome document/);
    });

    test('pdf: printed by Chromium, with the title and the figures', async () => {
      const r = await generate('pdf', 'en', 'briefing.pdf');
      assert.equal(r.code, 0, r.stderr);
      assert.equal(fs.readFileSync(out('briefing.pdf')).subarray(0, 5).toString(), '%PDF-');
      const text = pdfText(out('briefing.pdf'));
      assert.match(text, /November briefing/);
      assert.match(text, /Two UN Member States joined in November\./);
      assert.match(text, /^\s*4\s+4\s+0\.\d{3}\s*$/m, 'the picture: members, UN Member States, evenness index');
      assert.match(text, /members at the end of/);
      assert.match(text, /Since 1 November 2026: members \+2, UN Member States \+2/);
      assert.match(text, /Events and attendance/);
      assert.match(text, /Webinar on the outcome/);
      assert.match(text, /^\s*1\s+0\s+0\s*$/m, 'the events: one event, no registration yet');
    });

    test('pptx: a zip of slides, one per section after the title', async () => {
      const r = await generate('pptx', 'en', 'briefing.pptx');
      assert.equal(r.code, 0, r.stderr);
      const file = out('briefing.pptx');
      assert.equal(fs.readFileSync(file).subarray(0, 2).toString(), 'PK');
      const slides = execFileSync('unzip', ['-Z1', file], { encoding: 'utf8' })
        .split('\n')
        .filter((n) => /^ppt\/slides\/slide\d+\.xml$/.test(n));
      assert.equal(slides.length, 8);
      const events = execFileSync('unzip', ['-p', file, 'ppt/slides/slide5.xml'], { encoding: 'utf8' });
      assert.match(events, /<a:t>Events and attendance<\/a:t>/);
      assert.match(events, /<a:t>One webinar on the outcome document\.<\/a:t>/);
    });
  });
}
