import type { Clock } from '../../clock.ts';
import type { Db } from '../../db/database.ts';
import { AppError } from '../../errors/app-error.ts';
import { type Locale, locales, pickLocalized } from '../../i18n/i18n.ts';
import { demoMilestones, demoNetwork } from './demo-content.ts';
import * as repo from './site.repository.ts';
import type { MilestoneRow, NetworkRow } from './site.table.ts';

export interface SiteDeps {
  db: Db;
  clock: Clock;
}

/** A network with its texts resolved for one locale. */
export interface LocalizedNetwork {
  id: number;
  name: string;
  purpose: string;
  joinCall: string;
}

export interface LocalizedMilestone {
  id: number;
  date: string;
  endDate: string | null;
  precision: MilestoneRow['precision'];
  title: string;
  body: string;
}

const sameInEveryLocale = (text: string) => JSON.stringify(Object.fromEntries(locales.map((l) => [l, text])));

/** The network, created with `name` and empty texts when the database has none (a production start). */
export async function ensureNetwork(deps: SiteDeps, name: string): Promise<NetworkRow> {
  const existing = await repo.findCurrentNetwork(deps.db);
  if (existing) return existing;
  return repo.insertNetwork(deps.db, { slug: 'network', name: sameInEveryLocale(name), purpose: '{}', joinCall: '{}', defaultLocale: 'en' }, deps.clock.now());
}

/** Seeds the demo network and its real WSIS timeline; does nothing if a network exists. Returns whether it seeded. */
export async function seedDemoNetwork(deps: SiteDeps): Promise<boolean> {
  if (await repo.findCurrentNetwork(deps.db)) return false;
  const now = deps.clock.now();
  const network = await repo.insertNetwork(
    deps.db,
    {
      slug: demoNetwork.slug,
      name: JSON.stringify(demoNetwork.name),
      purpose: JSON.stringify(demoNetwork.purpose),
      joinCall: JSON.stringify(demoNetwork.joinCall),
      defaultLocale: 'en',
    },
    now,
  );
  await repo.insertMilestones(
    deps.db,
    network.id,
    demoMilestones.map((m) => ({
      date: m.date,
      endDate: m.endDate ?? null,
      precision: m.precision,
      title: JSON.stringify(m.title),
      body: JSON.stringify(m.body),
    })),
    now,
  );
  return true;
}

function localize(network: NetworkRow, locale: Locale): LocalizedNetwork {
  const fallback = network.default_locale as Locale;
  return {
    id: network.id,
    name: pickLocalized(network.name, locale, fallback),
    purpose: pickLocalized(network.purpose, locale, fallback),
    joinCall: pickLocalized(network.join_call, locale, fallback),
  };
}

/** The network's public texts in `locale` (null before the first start has created it). */
export async function currentNetwork(deps: { db: Db }, locale: Locale): Promise<LocalizedNetwork | null> {
  const network = await repo.findCurrentNetwork(deps.db);
  return network ? localize(network, locale) : null;
}

/** The process timeline in `locale`, oldest first. */
export async function timeline(deps: { db: Db }, networkId: number, locale: Locale): Promise<LocalizedMilestone[]> {
  const rows = await repo.listMilestones(deps.db, networkId);
  return rows.map((m) => ({
    id: m.id,
    date: m.date,
    endDate: m.end_date,
    precision: m.precision,
    title: pickLocalized(m.title, locale),
    body: pickLocalized(m.body, locale),
  }));
}

/** The deployment's network; `not_found` before a first start has created it. */
export async function requireNetwork(deps: { db: Db }): Promise<NetworkRow> {
  const network = await repo.findCurrentNetwork(deps.db);
  if (!network) throw new AppError('not_found');
  return network;
}
