import { parseArgs } from 'node:util';
import type { Config } from '../config/config.ts';
import { memberStateName } from '../domains/members/member-geography.ts';
import { type RegionalGroup, regionalGroups } from '../domains/members/member-states.data.ts';
import { evenThreshold, type NetworkStats, networkStats } from '../domains/members/member-stats.ts';
import { findCurrentNetwork } from '../domains/site/site.repository.ts';
import { openRuntime } from '../runtime.ts';
import { UsageError } from './usage-error.ts';

// Operators read this in a terminal, in English; the dashboard has the translated picture.
const groupNames: Record<RegionalGroup, string> = {
  african: 'African Group',
  asia_pacific: 'Asia-Pacific Group',
  eastern_european: 'Eastern European Group',
  latin_american_caribbean: 'Latin American and Caribbean Group (GRULAC)',
  western_european_others: 'Western European and Others Group (WEOG)',
};

const plural = (n: number, one: string, other: string) => `${n.toLocaleString('en')} ${n === 1 ? one : other}`;
const percent = (share: number) => `${(share * 100).toFixed(1)}%`;

function table(title: string, rows: [string, number, number?][]): string {
  const width = Math.max(...rows.map(([label]) => label.length), 10);
  const lines = rows.map(
    ([label, n, share]) => `  ${label.padEnd(width)}  ${n.toLocaleString('en').padStart(9)}${share === undefined ? '' : `  ${percent(share).padStart(6)}`}`,
  );
  return `${title}\n${lines.join('\n')}\n`;
}

/** The picture as a few plain-English paragraphs and tables. */
export function statsSummary(stats: NetworkStats): string {
  let headline = `${plural(stats.members, 'member', 'members')} from ${plural(stats.memberStates, 'UN Member State', 'UN Member States')}`;
  const grouped = stats.members - stats.outsideRegionalGroups;
  if (grouped > 0 && stats.evenness >= evenThreshold) headline += ', distributed evenly between all geographic regions';
  else if (grouped > 0) headline += `; under-represented: ${new Intl.ListFormat('en').format(stats.underRepresented.map((g) => groupNames[g]))}`;
  const parts = [`${headline}\nEvenness across the five regional groups: ${stats.evenness.toFixed(3)} (1 is perfectly even)\n`];
  parts.push(
    table('Regional groups', [
      ...regionalGroups.map((g): [string, number, number] => [groupNames[g], stats.byRegionalGroup[g], stats.shares.byRegionalGroup[g]]),
      ['(outside the five groups)', stats.outsideRegionalGroups],
    ]),
  );
  parts.push(
    table(
      'Stakeholder groups',
      Object.entries(stats.byStakeholderGroup).map(([k, n]) => [k, n, stats.shares.byStakeholderGroup[k]]),
    ),
  );
  parts.push(
    table(
      'Languages',
      Object.entries(stats.byLanguage).map(([k, n]) => [k, n, stats.shares.byLanguage[k]]),
    ),
  );
  if (Object.keys(stats.bySource).length > 0)
    parts.push(
      table(
        'Sources',
        Object.entries(stats.bySource).map(([k, n]) => [k, n, stats.shares.bySource[k]]),
      ),
    );
  parts.push(
    table(
      'Member states (top 10)',
      Object.entries(stats.byMemberState)
        .slice(0, 10)
        .map(([code, n]): [string, number] => [`${code}  ${memberStateName('en', code)}`, n]),
    ),
  );
  parts.push(
    `Growth (joined / total at month end)\n${stats.growth.map((g) => `  ${g.month}  +${g.joined.toLocaleString('en').padEnd(8)} ${g.total.toLocaleString('en').padStart(9)}`).join('\n')}\n`,
  );
  return parts.join('\n');
}

/** `plenary stats [--json]`: the network's picture, as JSON or a readable summary. */
export async function statsCommand(config: Config, args: string[]): Promise<void> {
  let json: boolean;
  try {
    const { values } = parseArgs({ args, options: { json: { type: 'boolean', default: false } }, strict: true, allowPositionals: false });
    json = values.json ?? false;
  } catch (error) {
    throw new UsageError(`stats: ${(error as Error).message} (usage: plenary stats [--json])`);
  }
  const runtime = await openRuntime(config);
  try {
    const network = await findCurrentNetwork(runtime.deps.db);
    if (!network) throw new Error('there is no network yet: start Plenary once (plenary serve or plenary demo) to create it');
    const stats = await networkStats(runtime.deps.db, network.id, runtime.deps.clock.now());
    process.stdout.write(json ? `${JSON.stringify(stats)}\n` : statsSummary(stats));
  } finally {
    await runtime.close();
  }
}
