import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase, dialects, type TestDatabase } from '../../../test/dialects.ts';
import { statsCommand } from '../../cli/stats.ts';
import { UsageError } from '../../cli/usage-error.ts';
import { loadConfig } from '../../config/config.ts';
import type { Db } from '../../db/database.ts';
import { openRuntime } from '../../runtime.ts';
import { insertNetwork } from '../site/site.repository.ts';
import type { MemberStatus } from './member.table.ts';
import { memberColumns } from './member-record.ts';
import { evenness, type NetworkStats, networkStats, underRepresentedGroups } from './member-stats.ts';

const now = new Date('2026-03-15T12:00:00Z');

interface Person {
  state?: string;
  group?: string;
  language?: string;
  source?: string;
  status?: MemberStatus;
  /** When they became subscribed (status_at), ISO. */
  at?: string;
  /** consent_at when it differs from `at` (null for none). */
  consentAt?: string | null;
}

let serial = 0;

async function addNetwork(db: Db, slug: string): Promise<number> {
  const network = await insertNetwork(db, { slug, name: '{"en":"Test"}', purpose: '{}', joinCall: '{}', defaultLocale: 'en' }, now);
  return network.id;
}

/** Inserts members as the services would store them (memberColumns derives geography). */
async function addMembers(db: Db, networkId: number, people: Person[]): Promise<void> {
  const rows = people.map((p) => {
    serial += 1;
    const columns = memberColumns({
      email: `person${serial}@example.org`,
      name: `Person ${serial}`,
      memberState: p.state ?? '',
      stakeholderGroup: p.group ?? '',
      language: p.language ?? 'en',
      source: p.source ?? '',
    });
    const at = p.at ?? '2025-01-10T09:00:00.000Z';
    const status = p.status ?? 'subscribed';
    return {
      network_id: networkId,
      ...columns,
      consent_version: status === 'pending' ? null : 'test',
      consent_at: p.consentAt === undefined ? (status === 'pending' ? null : at) : p.consentAt,
      consent_method: status === 'pending' ? null : ('import' as const),
      consent_basis: null,
      status,
      status_at: at,
      created_at: at,
      updated_at: at,
      erased_at: null,
    };
  });
  await db.insertInto('members').values(rows).execute();
}

const times = (n: number, person: Person): Person[] => Array.from({ length: n }, () => ({ ...person }));

test('evenness is Shannon entropy over ln 5: 1 for equal counts, 0 for one group or none', () => {
  assert.equal(evenness([7, 7, 7, 7, 7]), 1);
  assert.equal(evenness([1, 1, 1, 1, 1]), 1);
  assert.equal(evenness([0, 0, 0, 0, 0]), 0);
  assert.equal(evenness([]), 0);
  assert.equal(evenness([12, 0, 0, 0, 0]), 0);
  // two equal groups: ln 2 / ln 5
  assert.equal(evenness([5, 5, 0, 0, 0]), Math.round((Math.log(2) / Math.log(5)) * 1000) / 1000);
  assert.ok(evenness([40, 3, 3, 3, 3]) < 0.95);
  assert.ok(evenness([21, 20, 20, 19, 20]) >= 0.95);
});

test('under-represented groups: share below 0.15 when uneven; those below 0.2 when none is that low; none when even', () => {
  const counts = (a: number, b: number, c: number, d: number, e: number) => ({
    african: a,
    asia_pacific: b,
    eastern_european: c,
    latin_american_caribbean: d,
    western_european_others: e,
  });
  assert.deepEqual(underRepresentedGroups(counts(1, 10, 10, 2, 10)), ['african', 'latin_american_caribbean']);
  // evenness 0.935, nobody below 0.15: the four below an even share are named
  assert.deepEqual(underRepresentedGroups(counts(15, 15, 15, 15, 40)), ['african', 'asia_pacific', 'eastern_european', 'latin_american_caribbean']);
  assert.deepEqual(underRepresentedGroups(counts(21, 20, 20, 19, 20)), []);
  assert.deepEqual(underRepresentedGroups(counts(0, 0, 0, 0, 0)), []);
});

for (const dialect of dialects) {
  describe(`the network's picture on ${dialect}`, () => {
    let database: TestDatabase;
    let db: Db;
    before(async () => {
      database = await createTestDatabase(dialect);
      db = database.handle.db;
    });
    after(async () => {
      await database.drop();
    });

    test('an empty network: zeros everywhere, every key present, twelve months of growth', async () => {
      const id = await addNetwork(db, 'empty');
      const stats = await networkStats(db, id, now);
      assert.equal(stats.members, 0);
      assert.equal(stats.memberStates, 0);
      assert.deepEqual(stats.byRegionalGroup, { african: 0, asia_pacific: 0, eastern_european: 0, latin_american_caribbean: 0, western_european_others: 0 });
      assert.deepEqual(Object.values(stats.shares.byRegionalGroup), [0, 0, 0, 0, 0]);
      assert.equal(stats.evenness, 0);
      assert.deepEqual(stats.underRepresented, []);
      assert.deepEqual(stats.byLanguage, { ar: 0, zh: 0, en: 0, fr: 0, ru: 0, es: 0 });
      assert.equal(stats.byStakeholderGroup.igo, 0);
      assert.deepEqual(stats.bySource, {});
      assert.deepEqual(stats.byMemberState, {});
      assert.equal(stats.growth.length, 12);
      assert.deepEqual(stats.growth[0], { month: '2025-04', joined: 0, total: 0 });
      assert.deepEqual(stats.growth[11], { month: '2026-03', joined: 0, total: 0 });
    });

    test('exact counts of subscribed members only; member states count UN Member States only', async () => {
      const id = await addNetwork(db, 'counts');
      const other = await addNetwork(db, 'other');
      await addMembers(db, id, [
        ...times(3, { state: 'FR', group: 'government', language: 'fr', source: 'hlgm-2024' }),
        { state: 'DE', group: 'civil_society', language: 'en', source: 'hlgm-2024' },
        ...times(2, { state: 'KE', group: 'igo', language: 'en' }),
        { state: 'BR', group: 'academia', language: 'es', source: 'igf-2025' },
        { state: 'PL', group: 'technical_community', language: 'ru' },
        { state: 'JP', group: 'private_sector', language: 'zh' },
        { state: 'PS', group: 'government', language: 'ar' }, // observer state
        { state: 'VA', language: 'fr' }, // observer state
        { state: 'HK', language: 'zh' }, // territory, not a member state
        { language: 'en' }, // no member state given
        // not subscribed: none of these count
        { state: 'CN', group: 'government', language: 'zh', status: 'pending', source: 'web' },
        { state: 'FR', group: 'government', language: 'fr', status: 'unsubscribed' },
        { state: 'US', language: 'en', status: 'bounced' },
        { state: 'IN', language: 'en', status: 'removed' },
      ]);
      await addMembers(db, other, times(4, { state: 'CN', language: 'zh' }));

      const stats = await networkStats(db, id, now);
      assert.equal(stats.members, 13);
      assert.equal(stats.memberStates, 6, 'FR DE KE BR PL JP; not PS, VA (observers) nor HK (territory)');
      assert.deepEqual(stats.byRegionalGroup, { african: 2, asia_pacific: 1, eastern_european: 1, latin_american_caribbean: 1, western_european_others: 4 });
      assert.equal(stats.outsideRegionalGroups, 4);
      assert.deepEqual(stats.byMemberState, { FR: 3, KE: 2, BR: 1, DE: 1, HK: 1, JP: 1, PL: 1, PS: 1, VA: 1 });
      assert.deepEqual(stats.byStakeholderGroup, {
        government: 4,
        igo: 2,
        private_sector: 1,
        civil_society: 1,
        technical_community: 1,
        academia: 1,
        none: 3,
      });
      assert.deepEqual(stats.byLanguage, { ar: 1, zh: 2, en: 4, fr: 4, ru: 1, es: 1 });
      assert.deepEqual(stats.bySource, { none: 8, 'hlgm-2024': 4, 'igf-2025': 1 });
      assert.equal(stats.shares.byRegionalGroup.western_european_others, 0.4444);
      assert.equal(stats.shares.byRegionalGroup.african, 0.2222);
      assert.equal(stats.shares.bySource['hlgm-2024'], Math.round((4 / 13) * 10000) / 10000);
      assert.equal(stats.shares.byLanguage.en, Math.round((4 / 13) * 10000) / 10000);
      assert.ok(stats.evenness < 0.95 && stats.evenness > 0.8, `evenness ${stats.evenness}`);
      assert.deepEqual(stats.underRepresented, ['asia_pacific', 'eastern_european', 'latin_american_caribbean']);
      // the JSON shape the CLI and API print
      const json = JSON.parse(JSON.stringify(stats)) as NetworkStats;
      assert.equal(json.byRegionalGroup.african, 2);
    });

    test('equal regional groups are perfectly even; a skewed spread names the groups left behind', async () => {
      const even = await addNetwork(db, 'even');
      await addMembers(db, even, [
        ...times(2, { state: 'NG' }),
        ...times(2, { state: 'IN' }),
        ...times(2, { state: 'UA' }),
        ...times(2, { state: 'MX' }),
        ...times(2, { state: 'CA' }),
      ]);
      const evenStats = await networkStats(db, even, now);
      assert.equal(evenStats.evenness, 1);
      assert.deepEqual(evenStats.underRepresented, []);
      assert.deepEqual(Object.values(evenStats.shares.byRegionalGroup), [0.2, 0.2, 0.2, 0.2, 0.2]);

      const skewed = await addNetwork(db, 'skewed');
      await addMembers(db, skewed, [
        ...times(10, { state: 'GB' }),
        ...times(6, { state: 'CN' }),
        ...times(6, { state: 'RO' }),
        { state: 'SN' },
        { state: 'AR' },
      ]);
      const skewedStats = await networkStats(db, skewed, now);
      assert.ok(skewedStats.evenness < 0.95, `evenness ${skewedStats.evenness}`);
      assert.deepEqual(skewedStats.underRepresented, ['african', 'latin_american_caribbean']);
    });

    test('growth: joined per month over the last twelve, with running totals of today’s members', async () => {
      const id = await addNetwork(db, 'growth');
      await addMembers(db, id, [
        ...times(5, { state: 'FR', at: '2024-06-01T00:00:00.000Z' }), // before the window
        ...times(2, { state: 'FR', at: '2025-04-01T00:00:00.000Z' }), // first month, first instant
        { state: 'FR', at: '2025-09-30T23:59:59.999Z' },
        ...times(3, { state: 'FR', at: '2026-03-02T08:00:00.000Z' }),
        { state: 'FR', at: '2025-09-15T00:00:00.000Z', status: 'unsubscribed' },
        { state: 'FR', at: '2026-03-01T00:00:00.000Z', status: 'pending' },
      ]);
      const stats = await networkStats(db, id, now);
      assert.equal(stats.members, 11);
      assert.deepEqual(
        stats.growth.map((g) => g.month),
        ['2025-04', '2025-05', '2025-06', '2025-07', '2025-08', '2025-09', '2025-10', '2025-11', '2025-12', '2026-01', '2026-02', '2026-03'],
      );
      assert.deepEqual(stats.growth[0], { month: '2025-04', joined: 2, total: 7 });
      assert.deepEqual(stats.growth[5], { month: '2025-09', joined: 1, total: 8 });
      assert.deepEqual(stats.growth[10], { month: '2026-02', joined: 0, total: 8 });
      assert.deepEqual(stats.growth[11], { month: '2026-03', joined: 3, total: 11 });
    });
  });
}

describe('plenary stats', () => {
  let dataDir: string;
  before(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'plenary-stats-'));
    const runtime = await openRuntime(loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' }));
    try {
      const id = await addNetwork(runtime.deps.db, 'cli');
      await addMembers(runtime.deps.db, id, [...times(2, { state: 'KE', source: 'hlgm-2024' }), { state: 'FR', group: 'government' }, { state: 'PS' }]);
    } finally {
      await runtime.close();
    }
  });
  after(() => {
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function capture(args: string[]): Promise<string> {
    const chunks: string[] = [];
    const write = process.stdout.write;
    process.stdout.write = ((chunk: string | Uint8Array) => {
      chunks.push(String(chunk));
      return true;
    }) as typeof process.stdout.write;
    try {
      await statsCommand(loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' }), args);
    } finally {
      process.stdout.write = write;
    }
    return chunks.join('');
  }

  test('--json prints the picture as one JSON document', async () => {
    const stats = JSON.parse(await capture(['--json'])) as NetworkStats;
    assert.equal(stats.members, 4);
    assert.equal(stats.memberStates, 2);
    assert.deepEqual(stats.byRegionalGroup, { african: 2, asia_pacific: 0, eastern_european: 0, latin_american_caribbean: 0, western_european_others: 1 });
    assert.equal(stats.bySource['hlgm-2024'], 2);
    assert.equal(typeof stats.evenness, 'number');
  });

  test('without --json it prints a readable summary', async () => {
    const text = await capture([]);
    assert.match(text, /4 members from 2 UN Member States/);
    assert.match(text, /African Group\s+2/);
    assert.match(text, /hlgm-2024\s+2/);
  });

  test('unknown options are usage errors', async () => {
    await assert.rejects(capture(['--yaml']), UsageError);
    await assert.rejects(capture(['extra']), UsageError);
  });
});
