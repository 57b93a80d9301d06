import type { AppDeps } from '../../app-deps.ts';
import { type Locale, pickLocalized } from '../../i18n/i18n.ts';
import { cleanLine } from '../../security/human-text.ts';
import { searchable } from '../members/member-record.ts';
import { publishedResourcesByIds } from '../resources/resource.service.ts';
import { publicResourcePath } from '../resources/resources-admin.views.tsx';
import * as repo from './search.repository.ts';
import { listMilestones } from './site.repository.ts';
import { requireNetwork } from './site.service.ts';
import { publicUpdatesByIds } from './update.service.ts';
import { publicUpdatePath } from './updates-public.routes.tsx';

export const searchKinds = ['resource', 'update', 'milestone'] as const;
export type SearchKind = (typeof searchKinds)[number];

/** A snippet in three parts: before the match, the match (highlighted), after it. */
export type Snippet = [before: string, match: string, after: string] | [text: string];

export interface SearchResult {
  kind: SearchKind;
  id: number;
  title: string;
  /** The language the title and snippet are in. */
  lang: string;
  snippet: Snippet;
  url: string;
  /** 2: the title matches, 1: the text does. */
  rank: number;
}

const snippetRadius = 80;

/**
 * Where `folded` occurs in `text` once both are folded the same way (case, width, diacritics), as indexes into
 * `text`: each character is folded on its own and the pieces are laid end to end, so a match found in the folded
 * text maps back to the characters that made it (an Arabic vowel sign folds to nothing and stays inside).
 */
export function findFolded(text: string, folded: string): { start: number; end: number } | null {
  const chars = [...text];
  const starts: number[] = [];
  let joined = '';
  let offset = 0;
  for (const c of chars) {
    starts.push(offset);
    const piece = searchable(c);
    joined += piece;
    offset += piece.length;
  }
  const at = joined.indexOf(folded);
  if (at < 0 || folded === '') return null;
  let first = 0;
  while (first + 1 < starts.length && (starts[first + 1] as number) <= at) first++;
  let last = first;
  while (last < chars.length && (starts[last] as number) < at + folded.length) last++;
  // Marks that fold to nothing (an Arabic vowel sign on the last letter) belong to the match.
  while (last < chars.length && searchable(chars[last] as string) === '') last++;
  const toUnits = (n: number) => chars.slice(0, n).join('').length;
  return { start: toUnits(first), end: toUnits(last) };
}

/** A short excerpt of `text` around the match, or its beginning when the match is elsewhere (another version). */
export function snippetOf(text: string, folded: string): Snippet {
  const flat = text.replace(/\s+/g, ' ').trim();
  const found = findFolded(flat, folded);
  if (!found) return [flat.length > snippetRadius * 2 ? `${flat.slice(0, snippetRadius * 2)}…` : flat];
  const from = Math.max(0, found.start - snippetRadius);
  const to = Math.min(flat.length, found.end + snippetRadius);
  return [
    `${from > 0 ? '…' : ''}${flat.slice(from, found.start)}`,
    flat.slice(found.start, found.end),
    `${flat.slice(found.end, to)}${to < flat.length ? '…' : ''}`,
  ];
}

/** Markdown's marks are not text a reader searched for. */
const plain = (markdown: string) => markdown.replace(/[#*_`>[\]()!|-]+/g, ' ');

/**
 * The public site's search over published resources, public updates and the timeline, in every script: the
 * query and the texts are folded the same way (members' `searchable`), and a text matches where it holds the
 * query (so Chinese and Arabic words are found without spaces, "josé" finds "Jose", an Arabic word with or
 * without its vowel signs). Results are in the reader's language where there is a version; titles rank first.
 */
export async function searchSite(deps: Pick<AppDeps, 'db' | 'clock' | 'config'>, locale: Locale, query: string, kind?: SearchKind): Promise<SearchResult[]> {
  const folded = searchable(cleanLine(query)).trim();
  if ([...folded].length < 1) return [];
  const network = await requireNetwork(deps);
  const results: SearchResult[] = [];
  if (!kind || kind === 'resource') {
    const found = await publishedResourcesByIds(deps, await repo.matchingResourceIds(deps.db, network.id, folded), locale);
    for (const { view, shown } of found.values()) {
      const titleHit = Object.values(view.versions).some((v) => v && searchable(v.title).includes(folded));
      const text = [shown.summary, plain(shown.body)].join(' ');
      results.push({
        kind: 'resource',
        id: view.row.id,
        title: shown.title,
        lang: shown.locale,
        snippet: snippetOf(text, folded),
        url: publicResourcePath(locale, shown.slug),
        rank: titleHit ? 2 : 1,
      });
    }
  }
  if (!kind || kind === 'update') {
    const found = await publicUpdatesByIds(deps, await repo.matchingUpdateIds(deps.db, network.id, folded, deps.clock.now().toISOString()), locale);
    for (const { view, shown } of found) {
      const titleHit = Object.values(view.versions).some((v) => v && searchable(v.title).includes(folded));
      const text = [shown.summary, plain(shown.body)].join(' ');
      results.push({
        kind: 'update',
        id: view.row.id,
        title: shown.title,
        lang: shown.locale,
        snippet: snippetOf(text, folded),
        url: publicUpdatePath(locale, shown.slug),
        rank: titleHit ? 2 : 1,
      });
    }
  }
  if (!kind || kind === 'milestone') {
    // The timeline is short (tens of milestones): it is folded here rather than indexed.
    for (const m of await listMilestones(deps.db, network.id)) {
      const titles = Object.values(JSON.parse(m.title) as Record<string, string>);
      const bodies = Object.values(JSON.parse(m.body) as Record<string, string>);
      const titleHit = titles.some((x) => searchable(x).includes(folded));
      if (!titleHit && !bodies.some((x) => searchable(x).includes(folded))) continue;
      const texts = JSON.parse(m.title) as Partial<Record<Locale, string>>;
      const lang = texts[locale] ? locale : texts.en ? 'en' : (Object.keys(texts)[0] ?? locale);
      const title = pickLocalized(m.title, locale);
      const body = pickLocalized(m.body, locale);
      results.push({
        kind: 'milestone',
        id: m.id,
        title,
        lang,
        snippet: snippetOf(body, folded),
        url: `/${locale}/#milestone-${m.id}`,
        rank: titleHit ? 2 : 1,
      });
    }
  }
  return results.sort((a, b) => b.rank - a.rank);
}
