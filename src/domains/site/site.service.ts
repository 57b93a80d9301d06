import type { Clock } from '../../clock.ts';
import type { Db } from '../../db/database.ts';
import { AppError } from '../../errors/app-error.ts';
import { type Locale, locales, pickLocalized } from '../../i18n/i18n.ts';
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
  /** The team's public address (display form), or '' when none is set. */
  contactEmail: string;
  /** Whether the home page shows the network's picture. */
  showsPicture: boolean;
}

export interface LocalizedMilestone {
  id: number;
  date: string;
  endDate: string | null;
  precision: MilestoneRow['precision'];
  title: string;
  body: string;
  /** The resources the milestone links to (the page shows those that are published). */
  resourceIds: number[];
}

const sameInEveryLocale = (text: string) => JSON.stringify(Object.fromEntries(locales.map((l) => [l, text])));

/** The network, created with `name` and empty texts when the database has none (a production start). */
export async function ensureNetwork(deps: SiteDeps, name: string): Promise<NetworkRow> {
  const existing = await repo.findCurrentNetwork(deps.db);
  if (existing) return existing;
  return repo.insertNetwork(deps.db, { slug: 'network', name: sameInEveryLocale(name), purpose: '{}', joinCall: '{}', defaultLocale: 'en' }, deps.clock.now());
}

function localize(network: NetworkRow, locale: Locale): LocalizedNetwork {
  const fallback = network.default_locale as Locale;
  return {
    id: network.id,
    name: pickLocalized(network.name, locale, fallback),
    purpose: pickLocalized(network.purpose, locale, fallback),
    joinCall: pickLocalized(network.join_call, locale, fallback),
    contactEmail: network.contact_email,
    showsPicture: network.home_shows_picture === 1,
  };
}

/** The network's public texts in `locale` (null before the first start has created it). */
export async function currentNetwork(deps: { db: Db }, locale: Locale): Promise<LocalizedNetwork | null> {
  const network = await repo.findCurrentNetwork(deps.db);
  return network ? localize(network, locale) : null;
}

/** The process timeline in `locale`, in staff's order (oldest first until they reorder it). */
export async function timeline(deps: { db: Db }, networkId: number, locale: Locale): Promise<LocalizedMilestone[]> {
  const rows = await repo.listMilestones(deps.db, networkId);
  const links = await repo.listMilestoneResources(
    deps.db,
    rows.map((m) => m.id),
  );
  return rows.map((m) => ({
    id: m.id,
    date: m.date,
    endDate: m.end_date,
    precision: m.precision,
    title: pickLocalized(m.title, locale),
    body: pickLocalized(m.body, locale),
    resourceIds: links.filter((l) => l.milestone_id === m.id).map((l) => l.resource_id),
  }));
}

/** The milestones a resource is linked to, oldest first, in `locale` (a resource page's "on the timeline"). */
export async function milestonesOfResource(deps: { db: Db }, resourceId: number, locale: Locale): Promise<Omit<LocalizedMilestone, 'resourceIds'>[]> {
  const rows = await repo.milestonesOfResource(deps.db, resourceId);
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
