import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { dialects } from '../../../test/dialects.ts';
import { createTestApp, type TestApp, type TestClient } from '../../../test/test-app.ts';
import { cliActor } from '../audit/audit.service.ts';
import { requireNetwork } from '../site/site.service.ts';
import { addMember } from './member.service.ts';
import { exportColumns } from './member-export.ts';
import { importMembers } from './member-import.ts';

for (const dialect of dialects) {
  describe(`member export for spreadsheets on ${dialect}`, () => {
    let t: TestApp;
    let editor: TestClient;
    before(async () => {
      t = await createTestApp(dialect);
      editor = await t.signedInClient('editor');
      await addMember(
        t.deps,
        cliActor,
        { email: 'jose@mission-mx.example', name: 'José González', memberState: 'KR', stakeholderGroup: 'government', organisation: 'Misión', language: 'es' },
        { status: 'subscribed', basis: 'Registered at the WSIS Forum 2025' },
      );
    });
    after(() => t.close());

    const download = async (query: string) => {
      const response = await editor.get(`/en/admin/members/export.csv?q=gonzalez&${query}`);
      assert.equal(response.statusCode, 200, response.body);
      return response;
    };

    test('the default export is unchanged: field names, codes, ISO times, no BOM', async () => {
      const response = await download('');
      assert.ok(response.body.startsWith('email,name,status,'));
      const [head, row] = parse(response.body) as string[][];
      assert.deepEqual(head, [...exportColumns]);
      assert.deepEqual(row?.slice(0, 6), ['jose@mission-mx.example', 'José González', 'subscribed', 'KR', 'asia_pacific', 'government']);
      assert.match(row?.[10] ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    });

    test('with a BOM and French labels: column names and coded values in French, a time a spreadsheet reads', async () => {
      const response = await download('bom=1&labels=fr');
      assert.equal(response.rawPayload.subarray(0, 3).toString('hex'), 'efbbbf', 'UTF-8 byte order mark');
      const [head, row] = parse(response.body, { bom: true }) as string[][];
      assert.deepEqual(head?.slice(0, 6), [
        'Adresse électronique',
        'Nom complet',
        'Statut',
        'Pays (État Membre de l’ONU)',
        'Groupe régional',
        'Groupe de parties prenantes',
      ]);
      assert.equal(head?.[10], 'Inscription (UTC)');
      assert.deepEqual(row?.slice(0, 6), [
        'jose@mission-mx.example',
        'José González',
        'abonné',
        'République de Corée',
        'Groupe des États d’Asie et du Pacifique',
        'Gouvernement',
      ]);
      assert.equal(row?.[8], 'espagnol');
      assert.match(row?.[10] ?? '', /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    });

    test('labels in each of the six languages; Arabic and Chinese names survive the round trip', async () => {
      for (const [locale, state] of [
        ['ar', 'جمهورية كوريا'],
        ['zh', '大韩民国'],
        ['ru', 'Республика Корея'],
        ['es', 'República de Corea'],
        ['en', 'Republic of Korea'],
      ] as const) {
        const [, row] = parse((await download(`labels=${locale}`)).body) as string[][];
        assert.equal(row?.[3], state, locale);
      }
    });

    test('the members page offers the export with a BOM and labels in the page’s language', async () => {
      const page = await editor.get('/fr/admin/members?q=gonzalez');
      assert.match(page.body, /<form method="get" action="\/fr\/admin\/members\/export\.csv" class="export-form">/);
      assert.match(page.body, /<input type="hidden" name="q" value="gonzalez"\/>/);
      assert.match(page.body, /<option value="fr" lang="fr" selected>/);
      assert.match(page.body, /name="bom" value="1" checked/);
    });

    test('an unknown language is refused, and nothing is exported', async () => {
      const response = await editor.get('/en/admin/members/export.csv?labels=de');
      assert.equal(response.statusCode, 400);
      assert.doesNotMatch(response.body, /jose@mission-mx\.example/);
    });

    test('a labelled export with codes chosen is the default one', async () => {
      assert.equal((await download('labels=')).body, (await download('')).body);
    });

    test('the default export still imports back', async () => {
      const csv = (await download('')).body;
      const networkId = (await requireNetwork(t.deps)).id;
      const report = await importMembers(t.deps, csv, {
        networkId,
        dryRun: true,
        status: 'pending',
        actorLabel: 'test',
        columnMap: { status: '', regionalGroup: '', joinedAt: '' },
      });
      assert.equal(report.rejected.length, 0, JSON.stringify(report.rejected));
    });
  });
}
