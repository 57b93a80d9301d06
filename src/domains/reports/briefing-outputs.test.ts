import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { dialects } from '../../../test/dialects.ts';
import { createTestApp, type TestApp, type TestClient } from '../../../test/test-app.ts';
import { createApiToken, revokeApiToken } from '../api/api-token.service.ts';
import { cliActor } from '../audit/audit.service.ts';
import { createEvent } from '../events/event.service.ts';
import { markAttendance, registerByStaff } from '../events/event-registration.service.ts';
import { addMember } from '../members/member.service.ts';

/** The entries of a zip file and a reader of one of them, with unzip (a reader independent of the writers). */
export function unzipped(bytes: Buffer): { names: string[]; read(name: string): string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plenary-zip-'));
  const file = path.join(dir, 'file.zip');
  fs.writeFileSync(file, bytes);
  const names = execFileSync('unzip', ['-Z1', file], { encoding: 'utf8' }).split('\n').filter(Boolean);
  // unzip reads a name as a pattern: the brackets of [Content_Types].xml are escaped.
  const texts = new Map(
    names.map((n) => [n, execFileSync('unzip', ['-p', file, n.replace(/[[\]*?]/g, '\\$&')], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })]),
  );
  fs.rmSync(dir, { recursive: true, force: true });
  return { names, read: (name) => texts.get(name) ?? '' };
}

/** The cells of a worksheet's XML as rows of text (inline strings and numbers), by their references. */
export function sheetRows(xml: string): string[][] {
  const unescapeXml = (s: string) =>
    s
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&');
  return [...xml.matchAll(/<row r="(\d+)">(.*?)<\/row>/g)].map((row) => {
    const cells: string[] = [];
    for (const c of (row[2] ?? '').matchAll(/<c r="([A-Z]+)\d+"(?: t="inlineStr")?>(?:<v>([^<]*)<\/v>|<is><t[^>]*>([^<]*)<\/t><\/is>)<\/c>/g)) {
      const column = (c[1] ?? 'A').charCodeAt(0) - 65;
      cells[column] = unescapeXml(c[2] ?? c[3] ?? '');
    }
    return Array.from(cells, (v) => v ?? '');
  });
}

type AnnexRecord = { section: string; figure: string; item: string; point: string; value: string };

for (const dialect of dialects) {
  describe(`a briefing's events section, data annex and API on ${dialect}`, () => {
    let t: TestApp;
    let viewer: TestClient;
    let editor: TestClient;
    let viewerToken: string;
    let draftId: number;
    const editorReader = { actor: cliActor, staffId: null, role: 'editor' as const };

    before(async () => {
      t = await createTestApp(dialect);
      t.clock.set(new Date('2026-09-20T09:00:00Z'));
      for (const [i, state] of ['KE', 'FR', 'BR'].entries()) {
        await addMember(
          t.deps,
          cliActor,
          { email: `m${i}@example.org`, name: `Member ${i}`, memberState: state, language: 'en' },
          { status: 'subscribed', basis: 'test' },
        );
      }
      const event = (title: string, startsAt: string, status: string, kind = 'webinar') =>
        createEvent(t.deps, cliActor, {
          kind,
          title: { en: title, fr: `${title} (fr)` },
          startsAt,
          endsAt: new Date(new Date(startsAt).getTime() + 5_400_000).toISOString(),
          timeZone: 'Europe/Zurich',
          onlineUrl: 'https://meet.example.org/x',
          visibility: 'public',
          status,
        });
      const held = await event('The zero draft explained', '2026-10-14T14:00:00.000Z', 'published');
      await event('A cancelled meeting', '2026-10-20T09:00:00.000Z', 'cancelled', 'meeting');
      await event('A draft webinar', '2026-10-22T09:00:00.000Z', 'draft');
      await event('A November webinar', '2026-11-05T09:00:00.000Z', 'published');
      t.clock.set(new Date('2026-10-01T09:00:00Z'));
      const registered: number[] = [];
      for (const [email, state] of [
        ['amina@example.org', 'KE'],
        ['jean@example.org', 'FR'],
        ['ana@example.org', 'BR'],
      ] as const) {
        registered.push((await registerByStaff(t.deps, editorReader.actor, held.id, { email, name: email, memberState: state })).registration.id);
      }
      t.clock.set(new Date('2026-10-14T16:00:00Z'));
      await markAttendance(t.deps, cliActor, held.id, registered[0] as number, true);
      await markAttendance(t.deps, cliActor, held.id, registered[2] as number, true);
      await markAttendance(t.deps, cliActor, held.id, registered[1] as number, false);
      t.clock.set(new Date('2026-11-03T09:00:00Z'));
      editor = await t.signedInClient('editor', 'lena@example.org');
      viewer = await t.signedInClient('viewer', 'viewer@example.org');
      const created = await editor.post('/en/admin/reports/briefings', { periodKind: 'last_month' }, { csrfFrom: '/en/admin/reports/briefings' });
      draftId = Number(/(\d+)$/.exec(String(created.headers.location))?.[1]);
      const edit = `/en/admin/reports/briefings/${draftId}/edit`;
      await editor.post(
        edit,
        { locale: 'en', title: 'October briefing', 'narrative.events': 'Our **webinar** on the zero draft drew the African Group.' },
        { csrfFrom: edit },
      );
      viewerToken = (await createApiToken(t.deps, cliActor, { name: 'board-portal', role: 'viewer' })).token;
    });
    after(() => t.close());

    const api = (url: string, token: string | null = viewerToken) =>
      t.app.inject({ method: 'GET', url, headers: token ? { authorization: `Bearer ${token}` } : {} });

    test('the events section comes after announcements: events that started in the period, not cancelled, with who came by regional group', async () => {
      const page = await viewer.get(`/en/admin/reports/briefings/${draftId}`);
      assert.equal(page.statusCode, 200);
      const headings = [...page.body.matchAll(/<h2 id="briefing-(\w+)">/g)].map((m) => m[1]);
      assert.deepEqual(headings, ['picture', 'growth', 'announcements', 'events', 'engagements', 'register', 'upcoming']);
      const events = page.body.slice(page.body.indexOf('id="briefing-events"'), page.body.indexOf('id="briefing-engagements"'));
      assert.match(events, />Events and attendance<\/h2>/);
      assert.match(events, /Our <strong>webinar<\/strong> on the zero draft drew the African Group\./);
      assert.match(events, /<span class="tile__value">1<\/span><span class="tile__label">event in the period<\/span>/);
      assert.match(events, /<span class="tile__value">3<\/span><span class="tile__label">confirmed registrations<\/span>/);
      assert.match(events, /<span class="tile__value">2<\/span><span class="tile__label">registrants attended<\/span>/);
      assert.match(events, /<td>14 October 2026<\/td><td class="wrap"><bdi>The zero draft explained<\/bdi><\/td><td>Webinar<\/td><td>3<\/td><td>2<\/td>/);
      assert.doesNotMatch(events, /cancelled meeting|draft webinar|November webinar/);
      assert.match(events, /<th scope="row">African Group<\/th><td>1<\/td><td>1<\/td>/);
      assert.match(events, /<th scope="row">Western European and Others Group<\/th><td>1<\/td><td>0<\/td>/);
      assert.match(events, /<th scope="row">Latin American and Caribbean Group<\/th><td>1<\/td><td>1<\/td>/);
      const fr = await viewer.get(`/fr/admin/reports/briefings/${draftId}`);
      assert.match(fr.body, />Événements et participation<\/h2>/);
      assert.match(fr.body, /The zero draft explained \(fr\)/);
      const form = await editor.get(`/en/admin/reports/briefings/${draftId}/edit`);
      assert.match(form.body, /name="narrative\.events"/);
    });

    test('the data annex: every figure as a row in CSV and in an Excel sheet with numbers as numbers', async () => {
      const csv = await viewer.get(`/en/admin/reports/briefings/${draftId}/annex.csv`);
      assert.equal(csv.statusCode, 200);
      assert.match(String(csv.headers['content-type']), /^text\/csv/);
      assert.match(String(csv.headers['content-disposition']), new RegExp(`attachment; filename="briefing-${draftId}-annex-en.csv"`));
      const records = parse(csv.body, { bom: true, columns: true }) as AnnexRecord[];
      const value = (section: string, figure: string, item = '', point = '') =>
        records.find((r) => r.section === section && r.figure === figure && r.item === item && r.point === point)?.value;
      assert.equal(value('picture', 'members'), '3');
      assert.equal(value('picture', 'memberStates'), '3');
      assert.equal(value('picture', 'members', 'african'), '1');
      assert.equal(value('growth', 'interval'), 'week');
      assert.equal(value('growth', 'members', '', '2026-09-28'), '3', 'a series point');
      assert.equal(value('events', 'events'), '1');
      assert.equal(value('events', 'attended'), '2');
      assert.equal(value('events', 'confirmed', 'The zero draft explained'), '3');
      assert.equal(value('events', 'attended', 'latin_american_caribbean'), '1');
      assert.equal(value('events', 'date', 'The zero draft explained'), '2026-10-14');
      assert.deepEqual([...new Set(records.map((r) => r.section))], ['picture', 'growth', 'announcements', 'events', 'engagements', 'register', 'upcoming']);

      const xlsx = await viewer.get(`/en/admin/reports/briefings/${draftId}/annex.xlsx`);
      assert.equal(xlsx.statusCode, 200);
      assert.equal(xlsx.headers['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      const zip = unzipped(xlsx.rawPayload);
      for (const part of ['[Content_Types].xml', '_rels/.rels', 'xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/worksheets/sheet1.xml'])
        assert.ok(zip.names.includes(part), part);
      const sheet = zip.read('xl/worksheets/sheet1.xml');
      assert.match(sheet, /<c r="A1" t="inlineStr"><is><t xml:space="preserve">section<\/t><\/is><\/c>/);
      const rows = sheetRows(sheet);
      assert.deepEqual(rows[0], ['section', 'figure', 'item', 'point', 'value']);
      assert.equal(rows.length, records.length + 1, 'one sheet row per CSV record, and the header');
      const members = rows.findIndex((r) => r[0] === 'picture' && r[1] === 'members' && !r[2]);
      assert.match(sheet, new RegExp(`<c r="E${members + 1}"><v>3</v></c>`), 'a number is a number cell');
      assert.deepEqual(
        rows.slice(1).map((r) => [r[0], r[1], r[2] ?? '', r[3] ?? '', r[4] ?? '']),
        records.map((r) => [r.section, r.figure, r.item, r.point, r.value]),
      );
    });

    test('publishing keeps the events in the snapshot; an old snapshot without them reads without the section', async () => {
      const published = await editor.post(`/en/admin/reports/briefings/${draftId}/publish`, {}, { csrfFrom: `/en/admin/reports/briefings/${draftId}` });
      assert.equal(published.statusCode, 303);
      const row = await t.deps.db.selectFrom('briefings').select(['snapshot']).where('id', '=', draftId).executeTakeFirstOrThrow();
      const snapshot = JSON.parse(row.snapshot ?? '{}');
      assert.equal(snapshot.version, 2);
      assert.deepEqual(snapshot.events.totals, { events: 1, confirmed: 3, attended: 2 });
      assert.equal(snapshot.events.events[0].title.en, 'The zero draft explained');

      // A briefing published before events existed: its snapshot (version 1) has no events.
      const { events: _gone, ...old } = snapshot;
      const oldId = Number(
        (
          await t.deps.db
            .insertInto('briefings')
            .values({
              network_id: (await t.deps.db.selectFrom('networks').select('id').executeTakeFirstOrThrow()).id,
              period_kind: 'custom',
              period_from: '2026-10-01',
              period_to: '2026-10-31',
              status: 'published',
              title: JSON.stringify({ en: 'An old briefing' }),
              narrative: '{}',
              snapshot: JSON.stringify({ ...old, version: 1 }),
              created_by: 'test',
              created_at: '2026-11-01T09:00:00.000Z',
              updated_at: '2026-11-01T09:00:00.000Z',
              published_at: '2026-11-01T09:00:00.000Z',
              published_by: 'test',
            })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id,
      );
      const page = await viewer.get(`/en/admin/reports/briefings/${oldId}`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<h1>An old briefing<\/h1>/);
      assert.doesNotMatch(page.body, /Events and attendance/);
      assert.match(page.body, />Engagements and submissions<\/h2>/);
      const slides = unzipped((await viewer.get(`/en/admin/reports/briefings/${oldId}/pptx`)).rawPayload).names.filter((n) =>
        /^ppt\/slides\/slide\d+\.xml$/.test(n),
      );
      assert.equal(slides.length, 7, 'a title slide and six sections');
      const annex = parse((await viewer.get(`/en/admin/reports/briefings/${oldId}/annex.csv`)).body, { bom: true, columns: true }) as AnnexRecord[];
      assert.ok(annex.length > 10);
      assert.ok(!annex.some((r) => r.section === 'events'));
      const fromApi = (await api(`/api/v1/briefings/${oldId}`)).json();
      assert.ok(!fromApi.sections.includes('events'));
      assert.equal(fromApi.figures.events, undefined);
    });

    test('API: a viewer token lists briefings and reads one with its figures', async () => {
      const list = await api('/api/v1/briefings');
      assert.equal(list.statusCode, 200, list.body);
      const body = list.json() as { data: Record<string, unknown>[]; next: string | null };
      const first = body.data.find((b) => b.id === draftId);
      assert.ok(first);
      assert.deepEqual(first.period, { kind: 'last_month', from: '2026-10-01', to: '2026-10-31' });
      assert.equal(first.status, 'published');
      assert.equal(first.displayTitle, 'October briefing');
      assert.ok(typeof first.publishedAt === 'string');
      assert.deepEqual((first.links as { files: Record<string, string> }).files.pdf, `/api/v1/briefings/${draftId}/files/pdf`);
      const paged = (await api('/api/v1/briefings?limit=1')).json() as { data: { id: number }[]; next: string };
      assert.equal(paged.data.length, 1);
      const rest = (await api(`/api/v1/briefings?limit=1&before=${paged.next}`)).json() as { data: { id: number }[] };
      assert.ok((rest.data[0]?.id ?? 0) < (paged.data[0]?.id ?? 0));

      const one = await api(`/api/v1/briefings/${draftId}`);
      assert.equal(one.statusCode, 200);
      const briefing = one.json();
      assert.equal(briefing.figures.picture.members, 3);
      assert.deepEqual(briefing.figures.events.totals, { events: 1, confirmed: 3, attended: 2 });
      assert.equal(briefing.sections[3], 'events');
      assert.match(briefing.narrative.events.en, /webinar/);
      const french = (
        await t.app.inject({ method: 'GET', url: '/api/v1/briefings', headers: { authorization: `Bearer ${viewerToken}`, 'accept-language': 'fr' } })
      ).json();
      assert.match(french.data.at(-1).displayTitle, /^Note d’information du Conseil/);
    });

    test('API: the files of a briefing, in the language asked for', async () => {
      const csv = await api(`/api/v1/briefings/${draftId}/files/csv?locale=fr`);
      assert.equal(csv.statusCode, 200);
      assert.match(String(csv.headers['content-disposition']), new RegExp(`filename="briefing-${draftId}-annex-fr.csv"`));
      const records = parse(csv.body, { bom: true, columns: true }) as AnnexRecord[];
      assert.ok(records.some((r) => r.section === 'events' && r.item === 'The zero draft explained (fr)' && r.figure === 'confirmed' && r.value === '3'));
      const xlsx = await api(`/api/v1/briefings/${draftId}/files/xlsx`);
      assert.equal(xlsx.rawPayload.subarray(0, 2).toString(), 'PK');
      const pptx = await api(`/api/v1/briefings/${draftId}/files/pptx`);
      assert.match(String(pptx.headers['content-type']), /presentationml\.presentation/);
      assert.ok(unzipped(pptx.rawPayload).names.includes('ppt/slides/slide5.xml'));
      const html = await api(`/api/v1/briefings/${draftId}/files/html?locale=ar`);
      assert.match(String(html.headers['content-type']), /^text\/html/);
      assert.match(html.body, /^<!doctype html><html lang="ar" dir="rtl">/);
      assert.match(html.body, /<style>/);
      assert.doesNotMatch(html.body, /<link[^>]+stylesheet|<script/);
      assert.match(html.body, /الفعاليات والحضور/);
      const pdf = await api(`/api/v1/briefings/${draftId}/files/pdf`);
      assert.equal(pdf.statusCode, 200);
      assert.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-');
    });

    test('API: unknown briefings are 404, bad formats and locales 400, no token or a revoked one 401', async () => {
      const error = (response: { statusCode: number; json(): unknown }, status: number, code: string) => {
        assert.equal(response.statusCode, status);
        assert.equal((response.json() as { error: { code: string } }).error.code, code);
      };
      error(await api('/api/v1/briefings/999999'), 404, 'not_found');
      error(await api('/api/v1/briefings/999999/files/pdf'), 404, 'not_found');
      error(await api(`/api/v1/briefings/${draftId}/files/docx`), 400, 'invalid_input');
      error(await api(`/api/v1/briefings/${draftId}/files/csv?locale=de`), 400, 'invalid_input');
      error(await api('/api/v1/briefings', null), 401, 'unauthorized');
      error(await api(`/api/v1/briefings/${draftId}/files/csv`, null), 401, 'unauthorized');
      const { token, row } = await createApiToken(t.deps, cliActor, { name: 'revoked', role: 'viewer' });
      assert.equal((await api('/api/v1/briefings', token)).statusCode, 200);
      await revokeApiToken(t.deps, cliActor, row.id);
      error(await api('/api/v1/briefings', token), 401, 'unauthorized');
      error(await api(`/api/v1/briefings/${draftId}`, token), 401, 'unauthorized');
    });

    test('the OpenAPI document describes the briefing operations and their file types', async () => {
      const document = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
      assert.equal(document.paths['/briefings'].get['x-plenary-role'], 'viewer');
      assert.equal(document.paths['/briefings/{id}'].get.operationId, 'getBriefing');
      const file = document.paths['/briefings/{id}/files/{format}'].get;
      assert.deepEqual(file.parameters[1].schema.enum, ['html', 'pdf', 'pptx', 'csv', 'xlsx']);
      assert.ok('application/pdf' in file.responses['200'].content);
      assert.ok(document.tags.some((tag: { name: string }) => tag.name === 'briefings'));
      assert.ok(document.components.schemas.BriefingFigures.properties.events);
    });
  });
}
