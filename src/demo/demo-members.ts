// The demo network's members: 451 synthetic people from 78 UN Member States, as on the team's slide
// ("451 members from 78 UN Member States, distributed evenly between all geographic regions").
// Everything is generated from the tables in the demo-*.data.ts files beside this one with a seeded PRNG, so every demo shows the
// same people; only the dates move with the clock. Names are built from common given and family
// names of each place (not public figures), organisations are generic, and every address is at a
// reserved domain (.example, example.org and IANA's IDN test TLDs such as .测试 and .испытание; not .test,
// which the address module refuses as a special-use name).
import type { Clock } from '../clock.ts';
import type { Db } from '../db/database.ts';
import { newMemberRow } from '../domains/members/member.service.ts';
import { type MemberColumns, memberColumns } from '../domains/members/member-record.ts';
import { memberStates, regionalGroups } from '../domains/members/member-states.data.ts';
import type { Locale } from '../i18n/i18n.ts';
import { seedDemoEngagements } from './demo-engagements.ts';
import { type NameOrder, type NamePart, type NameStyle, nameStyles } from './demo-names.data.ts';
import { jobTitles, organisations, stakeholderWeights } from './demo-organisations.data.ts';
import { demoStates, membersPerGroup } from './demo-states.data.ts';

/** The source tags demo members carry (besides none). */
export const demoSourceTags = ['hlgm-2024', 'igf-2025-riyadh', 'wsis-forum-2025', 'webinar-zero-draft', 'website'] as const;

const seed = 0x5eed_0451;
const batchSize = 100;
const dayMs = 86_400_000;
/** Members joined over the 18 months before "now", so the growth chart has a shape. */
const spanDays = 548;
const demoConsent = { method: 'staff', basis: 'Synthetic demo data', version: 'demo' } as const;

type Random = () => number;

/** mulberry32: a tiny, fast PRNG; good enough to make demo data look varied, and the same every time. */
function mulberry32(state: number): Random {
  let a = state >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

function weighted<K extends string>(random: Random, weights: Partial<Record<K, number>>): K {
  const entries = Object.entries(weights) as [K, number][];
  let r = random() * entries.reduce((sum, [, w]) => sum + w, 0);
  for (const [key, w] of entries) {
    r -= w;
    if (r < 0) return key;
  }
  return entries[entries.length - 1]![0];
}

function weightedItem<T extends { weight: number }>(random: Random, items: readonly T[]): T {
  let r = random() * items.reduce((sum, item) => sum + item.weight, 0);
  for (const item of items) {
    r -= item.weight;
    if (r < 0) return item;
  }
  return items[items.length - 1]!;
}

/** Splits `total` in proportion to `weights` (largest remainder), so the parts add up exactly. */
function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (total * w) / sum);
  const counts = exact.map((e) => Math.floor(e));
  const byRemainder = exact.map((e, i) => ({ i, r: e - Math.floor(e) })).sort((a, b) => b.r - a.r || a.i - b.i);
  let left = total - counts.reduce((a, b) => a + b, 0);
  for (const { i } of byRemainder) {
    if (left-- <= 0) break;
    counts[i]! += 1;
  }
  return counts;
}

// the website and members added without a source.
const bursts: { tag: (typeof demoSourceTags)[number]; daysAgo: number; weight: number }[] = [
  { tag: 'hlgm-2024', daysAgo: 470, weight: 22 },
  { tag: 'igf-2025-riyadh', daysAgo: 385, weight: 28 },
  { tag: 'wsis-forum-2025', daysAgo: 180, weight: 30 },
  { tag: 'webinar-zero-draft', daysAgo: 95, weight: 20 },
];

// ---------------------------------------------------------------------------------------------

interface Person {
  name: string;
  female: boolean;
  given: NamePart;
  /** The (first) family name, which addresses are made of ("Dela Cruz" is one name, "García Peña" two). */
  family: NamePart;
  /** True when the name is shown in a non-Latin script. */
  nativeScript: boolean;
}

function slavicFeminine(name: string): string {
  if (/(ский|цкий)$/.test(name)) return name.replace(/ий$/, 'ая');
  if (/(ов|ев|ёв|ин)$/.test(name)) return `${name}а`;
  if (/(sky|skiy)$/.test(name)) return name.replace(/(sky|skiy)$/, 'skaya');
  if (/ski$/.test(name)) return name.replace(/ski$/, 'ska');
  if (/(ov|ev|in)$/.test(name)) return `${name}a`;
  return name;
}

function joinName(given: string, family: string, order: NameOrder): string {
  if (order === 'family-given-joined') return `${family}${given}`;
  return order === 'family-given' ? `${family} ${given}` : `${given} ${family}`;
}

function makePerson(random: Random, s: NameStyle, latinNames: number): Person {
  const female = random() < 0.5;
  const given = pick(random, female ? s.female : s.male);
  const index = Math.floor(random() * s.family.length);
  let family = (female ? s.familyFemale?.[index] : undefined) ?? s.family[index]!;
  if (female && s.slavicFeminine) family = { native: slavicFeminine(family.native), latin: slavicFeminine(family.latin) };
  let shown = family;
  if (s.doubleFamily && random() < s.doubleFamily) {
    const second = pick(random, s.family);
    if (second !== family) shown = { native: `${family.native} ${second.native}`, latin: `${family.latin} ${second.latin}` };
  }
  const nativeScript = Boolean(s.nonLatin) && random() >= latinNames;
  const name = nativeScript
    ? joinName(given.native, shown.native, s.order ?? 'given-family')
    : joinName(given.latin, shown.latin, s.latinOrder ?? (s.order === 'family-given' ? 'family-given' : 'given-family'));
  return { name, female, given, family, nativeScript };
}

const extraLatin: Record<string, string> = { ı: 'i', ł: 'l', ø: 'o', ß: 'ss', æ: 'ae', œ: 'oe', đ: 'd', ə: 'e' };

/** The ASCII form of a name for an address: no diacritics, lower case, letters and digits only. */
function asciiSlug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[ıłøßæœđə]/g, (c) => extraLatin[c] ?? c)
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^a-z0-9-]+/g, '');
}

/** A name as an internationalised local part: kept in its script, spaces removed. */
function unicodeSlug(text: string): string {
  return text.toLocaleLowerCase('und').replace(/[\s'’]+/g, '');
}

function asciiLocalPart(random: Random, person: Person): string {
  const given = asciiSlug(person.given.latin);
  const family = asciiSlug(person.family.latin);
  const r = random();
  if (r < 0.55) return `${given}.${family}`;
  if (r < 0.75) return `${given[0]}.${family}`;
  if (r < 0.9) return `${family}.${given}`;
  return `${given}${family}`;
}

/**
 * About one address in ten is internationalised: people with a name in a non-Latin script at an
 * IDN test domain (mostly with the name as the local part), and some with a Latin name with diacritics.
 */
function internationalisedAddress(random: Random, person: Person, s: NameStyle, organisationDomain: string): string | null {
  if (s.idnDomains.length === 0) return null;
  const domain = pick(random, s.idnDomains);
  if (person.nativeScript) {
    if (random() >= 0.35) return null;
    if (random() < 0.25) return `${asciiLocalPart(random, person)}@${domain}`;
    const given = unicodeSlug(person.given.native);
    if (s.order === 'family-given-joined') return `${random() < 0.5 ? given : unicodeSlug(person.family.native) + given}@${domain}`;
    return `${random() < 0.5 ? given : `${given}.${unicodeSlug(person.family.native)}`}@${domain}`;
  }
  if (s.nonLatin || random() >= 0.1) return null;
  // A name with diacritics as the local part, at the organisation's own domain or at an IDN one.
  return `${unicodeSlug(person.given.latin)}.${unicodeSlug(person.family.latin)}@${random() < 0.5 ? organisationDomain : domain}`;
}

function fill(template: string, values: { of: string; cc: string }): string {
  return template.replace('{of}', values.of).replaceAll('{cc}', values.cc);
}

function gendered(title: string, female: boolean): string {
  const [masculine, feminine] = title.split('|') as [string, string | undefined];
  return female ? (feminine ?? masculine) : masculine;
}

/** When a member joined and where from: bursts after the events where a QR code was shown, and a steady, growing trickle. */
function joining(random: Random): { daysAgo: number; source: string | null } {
  if (random() < 0.45) {
    const burst = weightedItem(random, bursts);
    return { daysAgo: burst.daysAgo - 20 * random() ** 2, source: burst.tag };
  }
  // 1 − √u puts more joins near "now": a network that grows faster as the review approaches.
  const daysAgo = spanDays * (1 - Math.sqrt(random()));
  const r = random();
  if (r < 0.45) return { daysAgo, source: 'website' };
  if (r < 0.85) return { daysAgo, source: null };
  const past = bursts.filter((b) => b.daysAgo >= daysAgo);
  return { daysAgo, source: past.length ? pick(random, past).tag : 'website' };
}

const groupOf = new Map(memberStates.map((s) => [s.code, s.regionalGroup]));

/** The demo members' rows for `networkId`, oldest first: the same people every time, dated back from `now`. */
export function demoMemberRows(networkId: number, now: Date) {
  const random = mulberry32(seed);
  const keys = new Set<string>();
  const names = new Set<string>();
  const drafts: { columns: MemberColumns; joinedAt: Date }[] = [];
  for (const group of regionalGroups) {
    const states = demoStates.filter((s) => groupOf.get(s.code) === group);
    const counts = apportion(
      membersPerGroup[group],
      states.map((s) => s.weight),
    );
    states.forEach((state, i) => {
      const cc = state.code === 'GB' ? 'uk' : state.code.toLowerCase();
      for (let n = 0; n < counts[i]!; n++) {
        const language = weighted(random, state.languages);
        const s: NameStyle = nameStyles[state.styleByLanguage?.[language] ?? weighted(random, state.styles)];
        let person = makePerson(random, s, state.latinNames ?? 0);
        for (let tries = 0; names.has(person.name) && tries < 8; tries++) person = makePerson(random, s, state.latinNames ?? 0);
        names.add(person.name);
        const stakeholderGroup = weighted(random, stakeholderWeights);
        const orgLanguage: Locale = state.of[language] ? language : 'en';
        const kind = weightedItem(random, organisations[stakeholderGroup]);
        const values = { of: state.of[orgLanguage] ?? state.of.en, cc };
        const domain = fill(kind.domain, values);
        const email = internationalisedAddress(random, person, s, domain) ?? `${asciiLocalPart(random, person)}@${domain}`;
        const { daysAgo, source } = joining(random);
        const fields = {
          name: person.name,
          memberState: state.code,
          stakeholderGroup,
          organisation: fill(kind.name[orgLanguage], values),
          jobTitle: gendered(pick(random, jobTitles[stakeholderGroup])[orgLanguage], person.female),
          language,
          source: source ?? undefined,
        };
        let columns = memberColumns({ ...fields, email });
        // Two people may share a common name and a domain: number the second, as mailbox providers do.
        for (let k = 2; keys.has(columns.email_key); k++) {
          const at = email.lastIndexOf('@');
          columns = memberColumns({ ...fields, email: `${email.slice(0, at)}${k}${email.slice(at)}` });
        }
        keys.add(columns.email_key);
        const joinedAt = new Date(Math.floor((now.getTime() - Math.max(daysAgo, 0.02) * dayMs) / 1000) * 1000);
        drafts.push({ columns, joinedAt });
      }
    });
  }
  return drafts
    .map((d, order) => ({ ...d, order }))
    .sort((a, b) => a.joinedAt.getTime() - b.joinedAt.getTime() || a.order - b.order)
    .map((d) => newMemberRow(networkId, d.columns, 'subscribed', d.joinedAt, demoConsent));
}

/**
 * Seeds the demo network's 451 subscribed members (staff consent, "Synthetic demo data") in one
 * transaction, with a `demo_seeded` event each, then the engagements the team had with them and their member
 * states (demo-engagements.ts). Does nothing if the network has members. Returns how many members it inserted.
 */
export async function seedDemoMembers(deps: { db: Db; clock: Clock }, networkId: number): Promise<number> {
  const inserted = await insertDemoMembers(deps, networkId);
  if (inserted > 0) await seedDemoEngagements(deps, networkId);
  return inserted;
}

async function insertDemoMembers(deps: { db: Db; clock: Clock }, networkId: number): Promise<number> {
  return deps.db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('members').select('id').where('network_id', '=', networkId).limit(1).executeTakeFirst();
    if (existing) return 0;
    const rows = demoMemberRows(networkId, deps.clock.now());
    for (let start = 0; start < rows.length; start += batchSize) {
      const inserted = await trx
        .insertInto('members')
        .values(rows.slice(start, start + batchSize))
        .returning(['id', 'created_at', 'source'])
        .execute();
      await trx
        .insertInto('member_events')
        .values(
          inserted.map((m) => ({
            member_id: m.id,
            at: m.created_at,
            kind: 'demo_seeded',
            from_status: null,
            to_status: 'subscribed' as const,
            actor_label: 'demo',
            details: m.source ? JSON.stringify({ source: m.source }) : null,
          })),
        )
        .execute();
    }
    return rows.length;
  });
}
