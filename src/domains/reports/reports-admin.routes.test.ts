import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dialects } from '../../../test/dialects.ts';
import { createTestApp, type TestApp, type TestClient } from '../../../test/test-app.ts';
import { createApiToken } from '../api/api-token.service.ts';
import { cliActor } from '../audit/audit.service.ts';
import { addMember } from '../members/member.service.ts';

type Json = Record<string, any>;

for (const dialect of dialects) {
  describe(`reports pages and analytics API on ${dialect}`, () => {
    let t: TestApp;
    let viewer: TestClient;
    let token: string;
    const api = (url: string, bearer: string | null = token) =>
      t.app.inject({ method: 'GET', url, headers: bearer ? { authorization: `Bearer ${bearer}` } : {} });

    before(async () => {
      t = await createTestApp(dialect);
      for (const [i, [state, at]] of [
        ['KE', '2026-09-03T09:00:00Z'],
        ['FR', '2026-10-07T09:00:00Z'],
        ['CN', '2026-10-21T09:00:00Z'],
      ].entries()) {
        t.clock.set(new Date(at as string));
        await addMember(
          t.deps,
          cliActor,
          { email: `m${i}@example.org`, name: `Member ${i}`, memberState: state as string, language: 'en' },
          { status: 'subscribed', basis: 'Met at the CSTD' },
        );
      }
      t.clock.set(new Date('2026-11-15T12:00:00Z'));
      viewer = await t.signedInClient('viewer', 'viewer@example.org');
      token = (await createApiToken(t.deps, cliActor, { name: 'board-dashboard', role: 'viewer' })).token;
    });
    after(() => t.close());

    test('the Reports area is real for every role: charts drawn on the server, each with its table', async () => {
      const page = await viewer.get('/en/admin/reports?interval=month&from=2026-09-01&to=2026-11-15');
      assert.equal(page.statusCode, 200);
      assert.doesNotMatch(page.body, /not available in this version/);
      assert.match(page.body, /aria-current="page"[^>]*>Reports</);
      assert.match(page.body, /<figcaption class="chart__title">Members over time<\/figcaption>/);
      assert.match(page.body, /<path d="M[^"]+" fill="none"/, 'a line drawn by d3-shape');
      // The members chart's table: September 1, October 2, November 3.
      const table = /Members over time<\/caption>.*?<\/table>/s.exec(page.body)?.[0] ?? '';
      assert.deepEqual(
        [...table.matchAll(/<th scope="row">([^<]+)<\/th><td>(\d+)<\/td>/g)].map((m) => [m[1], m[2]]),
        [
          ['September 2026', '1'],
          ['October 2026', '3'],
          ['November 2026', '3'],
        ],
      );
      assert.match(page.body, /The evenness index compares the network’s member states with the United Nations itself/);
      assert.match(page.body, /No announcement was sent in this period\./);
      assert.doesNotMatch(page.body, /Members over time by regional group/, 'no breakdown unless asked');
      const byGroup = await viewer.get('/en/admin/reports?by=regional_group&from=2026-09-01');
      assert.match(byGroup.body, /Members over time by regional group/);
      assert.match(byGroup.body, /Western European and Others Group/);
    });

    test('in Arabic the page is right to left, with Arabic labels', async () => {
      const page = await viewer.get('/ar/admin/reports');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<html lang="ar" dir="rtl"/);
      assert.match(page.body, /تطور عدد الأعضاء/);
      assert.match(page.body, /direction="rtl"/);
    });

    test('a period that ends before it starts, or a malformed date, is refused with a translated message', async () => {
      const backwards = await viewer.get('/en/admin/reports?from=2026-11-02&to=2026-11-01');
      assert.equal(backwards.statusCode, 400);
      assert.match(backwards.body, /The period ends before it starts/);
      assert.match(backwards.body, /value="2026-11-02"/, 'the form comes back as sent');
      assert.doesNotMatch(backwards.body, /chart__svg/);
      const french = await viewer.get('/fr/admin/reports?from=2026-11-02&to=2026-11-01');
      assert.match(french.body, /La période se termine avant de commencer/);
      const malformed = await viewer.get('/en/admin/reports?from=yesterday');
      assert.equal(malformed.statusCode, 400);
      assert.match(malformed.body, /not valid \(From\)/);
      const tooLong = await viewer.get('/en/admin/reports?interval=day&from=2020-01-01&to=2026-11-01');
      assert.equal(tooLong.statusCode, 400);
      assert.match(tooLong.body, /at most 1,100 points/);
    });

    test('signed-out visitors are sent to sign in', async () => {
      const response = await t.app.inject({ method: 'GET', url: '/en/admin/reports' });
      assert.equal(response.statusCode, 302);
      assert.match(String(response.headers.location), /\/en\/admin\/login/);
    });

    test('GET /api/v1/analytics/members: the series, by regional group when asked', async () => {
      const response = await api('/api/v1/analytics/members?interval=month&by=regional_group&from=2026-09-01&to=2026-10-31');
      assert.equal(response.statusCode, 200, response.body);
      const body = response.json() as Json;
      assert.equal(body.interval, 'month');
      assert.deepEqual(
        body.series.map((p: Json) => [p.at, p.members, p.memberStates, p.byRegionalGroup.african, p.byRegionalGroup.western_european_others]),
        [
          ['2026-09-01', 1, 1, 1, 0],
          ['2026-10-01', 3, 3, 1, 1],
        ],
      );
      assert.equal(typeof body.series[1].evennessIndex, 'number');
      assert.equal(body.evenness.memberStates, 3);
      const plain = (await api('/api/v1/analytics/members?interval=month&from=2026-10-01')).json() as Json;
      assert.equal(plain.series[0].byRegionalGroup, undefined, 'no breakdown unless asked');
      const backwards = await api('/api/v1/analytics/members?from=2026-11-02&to=2026-11-01');
      assert.equal(backwards.statusCode, 400);
      assert.equal((backwards.json() as Json).error.code, 'report_period_range');
      const badInterval = await api('/api/v1/analytics/members?interval=hour');
      assert.equal((badInterval.json() as Json).error.code, 'invalid_input');
      assert.equal((await api('/api/v1/analytics/members', null)).statusCode, 401);
    });

    test('GET /api/v1/stats gains the evenness index, defined in the OpenAPI document', async () => {
      const stats = (await api('/api/v1/stats')).json() as Json;
      // Kenya (African), France (WEOG), China (Asia-Pacific): p = ⅓ each for three groups.
      const q = {
        african: 54 / 193,
        asia_pacific: 54 / 193,
        eastern_european: 23 / 193,
        latin_american_caribbean: 33 / 193,
        western_european_others: 29 / 193,
      };
      const p = { african: 1 / 3, asia_pacific: 1 / 3, eastern_european: 0, latin_american_caribbean: 0, western_european_others: 1 / 3 };
      const distance = (Object.keys(q) as (keyof typeof q)[]).reduce((sum, g) => sum + Math.abs(p[g] - q[g]) / 2, 0);
      assert.equal(stats.evennessIndex, Math.round((1 - distance) * 1000) / 1000);
      const document = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as Json;
      assert.match(document.components.schemas.Stats.properties.evennessIndex.description, /total variation distance/);
      assert.ok(document.paths['/analytics/members'].get);
      assert.ok(document.paths['/analytics/announcements'].get);
      const reach = (await api('/api/v1/analytics/announcements?from=2026-09-01&to=2026-11-15')).json() as Json;
      assert.deepEqual(reach.totals, { delivered: 0, bounced: 0, failed: 0, unsubscribedAfter: 0 });
    });
  });
}
