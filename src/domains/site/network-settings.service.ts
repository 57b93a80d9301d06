import { createHash } from 'node:crypto';
import { z } from 'zod';
import { parseEmailAddress } from '../../address/email-address.ts';
import type { Clock } from '../../clock.ts';
import type { Db } from '../../db/database.ts';
import { AppError } from '../../errors/app-error.ts';
import { isLocale, type Locale, locales } from '../../i18n/i18n.ts';
import { cleanLine, cleanMultiline } from '../../security/human-text.ts';
import { type Actor, recordAudit } from '../audit/audit.service.ts';
import { sniffLogoType } from './image-type.ts';
import * as repo from './network-settings.repository.ts';
import { renderSafeMarkdown } from './safe-markdown.ts';
import { findCurrentNetwork } from './site.repository.ts';
import { requireNetwork } from './site.service.ts';
import type { NetworkRow } from './site.table.ts';

export interface SettingsDeps {
  db: Db;
  clock: Clock;
}

/** The optional fields of the join form that staff may hide or require (name, address and language always show). */
export const joinFieldNames = ['memberState', 'stakeholderGroup', 'organisation', 'jobTitle'] as const;
export type JoinFieldName = (typeof joinFieldNames)[number];
export const joinFieldModes = ['hidden', 'optional', 'required'] as const;
export type JoinFieldMode = (typeof joinFieldModes)[number];
export type JoinFieldRules = Record<JoinFieldName, JoinFieldMode>;

/** Texts per locale, each one optional (a missing locale falls back to the network's default language). */
export type LocalizedTexts = Partial<Record<Locale, string>>;

/** The longest value each setting takes, in characters. */
export const settingLimits = { name: 200, description: 2000, consentText: 1000, privacyNotice: 20_000, senderName: 100 } as const;

/** The largest logo accepted: a logo is a small picture, and every page that shows it reads it from the database. */
export const logoMaxBytes = 512 * 1024;

/** Everything on the settings page, as stored. */
export interface NetworkSettings {
  defaultLocale: Locale;
  name: LocalizedTexts;
  description: LocalizedTexts;
  consentText: LocalizedTexts;
  privacyNotice: LocalizedTexts;
  senderName: string;
  contactEmail: string;
  joinFields: JoinFieldRules;
  homeShowsPicture: boolean;
  /** The logo's digest when there is one (its URL changes with it). */
  logo: string | null;
}

const textsSchema = z.record(z.string(), z.string()).catch({});
const joinFieldsSchema = z.object(Object.fromEntries(joinFieldNames.map((f) => [f, z.enum(joinFieldModes).catch('optional')]))).catch({});

function texts(json: string): LocalizedTexts {
  const parsed = textsSchema.parse(JSON.parse(json));
  return Object.fromEntries(Object.entries(parsed).filter(([l, v]) => isLocale(l) && v !== '')) as LocalizedTexts;
}

/** Which optional join fields show and which are required (every one optional until staff decide). */
export function joinFieldRules(network: Pick<NetworkRow, 'join_fields'>): JoinFieldRules {
  const stored = joinFieldsSchema.parse(JSON.parse(network.join_fields)) as Partial<JoinFieldRules>;
  return Object.fromEntries(joinFieldNames.map((f) => [f, stored[f] ?? 'optional'])) as JoinFieldRules;
}

/** The join-form fields a person must fill in and left empty, in form order. */
export function missingJoinFields(rules: JoinFieldRules, body: Record<string, unknown>): JoinFieldName[] {
  return joinFieldNames.filter((f) => rules[f] === 'required' && !cleanLine(String(body[f] ?? '')));
}

/** The submitted join form without the fields staff hid, so a hand-made post cannot fill them. */
export function shownJoinInput<T extends Record<string, unknown>>(rules: JoinFieldRules, body: T): T {
  const copy: Record<string, unknown> = { ...body };
  for (const f of joinFieldNames) if (rules[f] === 'hidden') delete copy[f];
  return copy as T;
}

/** A member-read text in `locale`, else in the network's default language, else null (the caller's own default). */
export function localizedSetting(json: string, network: Pick<NetworkRow, 'default_locale'>, locale: Locale): string | null {
  const all = texts(json);
  return all[locale] ?? all[network.default_locale as Locale] ?? null;
}

/** The join form's consent sentence in `locale` as staff wrote it, or null for the catalog's sentence. */
export function consentTextFor(network: Pick<NetworkRow, 'consent_text' | 'default_locale'>, locale: Locale): string | null {
  return localizedSetting(network.consent_text, network, locale);
}

/** The version a member's consent records when staff wrote the consent text (null: the catalog's text). */
export function customConsentVersion(network: Pick<NetworkRow, 'consent_text_at'>): string | null {
  return network.consent_text_at ? `join-consent-custom-${network.consent_text_at}` : null;
}

/** The privacy notice in `locale` (or the default language) as safe HTML, or null when there is none. */
export function privacyNoticeHtml(network: Pick<NetworkRow, 'privacy_notice' | 'default_locale'>, locale: Locale): string | null {
  const source = localizedSetting(network.privacy_notice, network, locale);
  return source ? renderSafeMarkdown(source) : null;
}

/** The settings as the settings page shows them. */
export async function readSettings(deps: { db: Db }): Promise<NetworkSettings> {
  const network = await requireNetwork(deps);
  const logo = await repo.findLogoDigest(deps.db, network.id);
  return {
    defaultLocale: isLocale(network.default_locale) ? network.default_locale : 'en',
    name: texts(network.name),
    description: texts(network.purpose),
    consentText: texts(network.consent_text),
    privacyNotice: texts(network.privacy_notice),
    senderName: network.sender_name,
    contactEmail: network.contact_email,
    joinFields: joinFieldRules(network),
    homeShowsPicture: network.home_shows_picture === 1,
    logo: logo?.sha256 ?? null,
  };
}

/** Collects problems as `field` names (`name_en`, `senderName`…); thrown together, nothing is saved. */
class Problems {
  readonly fields: string[] = [];
  add(field: string): void {
    this.fields.push(field);
  }
  throwIfAny(): void {
    if (this.fields.length > 0) throw new AppError('invalid_input', { field: this.fields[0] as string, fields: this.fields.join(' ') });
  }
}

/** Reads `<prefix>_<locale>` fields into texts, cleaned; a text over `max` is a problem. */
function localizedInput(body: Record<string, unknown>, prefix: string, max: number, multiline: boolean, problems: Problems): LocalizedTexts {
  const out: LocalizedTexts = {};
  for (const locale of locales) {
    const raw = body[`${prefix}_${locale}`];
    if (raw !== undefined && typeof raw !== 'string') {
      problems.add(`${prefix}_${locale}`);
      continue;
    }
    const text = multiline ? cleanMultiline(raw ?? '').trim() : cleanLine(raw ?? '');
    if (text.length > max) problems.add(`${prefix}_${locale}`);
    else if (text) out[locale] = text;
  }
  return out;
}

/** The fields whose value differs, for the audit log. */
function changedFields(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  return Object.keys(after).filter((k) => JSON.stringify(before[k] ?? null) !== JSON.stringify(after[k] ?? null));
}

/** Per-locale texts as the changed-field names of the audit log (`name.fr`). */
function changedTexts(field: string, before: LocalizedTexts, after: LocalizedTexts): string[] {
  return locales.filter((l) => (before[l] ?? '') !== (after[l] ?? '')).map((l) => `${field}.${l}`);
}

/**
 * Saves the network's public identity: name and description per language, the default language, and
 * whether the home page shows the network's picture (editors and owners). Bad input changes nothing.
 */
export async function updateNetworkTexts(deps: SettingsDeps, actor: Actor, body: Record<string, unknown>): Promise<void> {
  const network = await requireNetwork(deps);
  const before = await readSettings(deps);
  const problems = new Problems();
  const name = localizedInput(body, 'name', settingLimits.name, false, problems);
  const description = localizedInput(body, 'description', settingLimits.description, true, problems);
  const defaultLocale = body.defaultLocale;
  if (!isLocale(defaultLocale)) problems.add('defaultLocale');
  else if (!name[defaultLocale]) problems.add(`name_${defaultLocale}`);
  problems.throwIfAny();
  const homeShowsPicture = body.homeShowsPicture === 'yes';
  const changed = [
    ...changedTexts('name', before.name, name),
    ...changedTexts('description', before.description, description),
    ...changedFields({ defaultLocale: before.defaultLocale, homeShowsPicture: before.homeShowsPicture }, { defaultLocale, homeShowsPicture }),
  ];
  if (changed.length === 0) return;
  await repo.updateNetwork(deps.db, network.id, {
    name: JSON.stringify(name),
    purpose: JSON.stringify(description),
    default_locale: defaultLocale as Locale,
    home_shows_picture: homeShowsPicture ? 1 : 0,
  });
  await recordAudit(deps, actor, 'settings.network', `network:${network.id}`, { changed: changed.join(' ') });
}

/** A sender name goes in a quoted header phrase: quotes, backslashes, brackets and @ would let it pose as an address. */
const senderNameForbidden = /["\\<>@]/;

/**
 * Saves what members are told and how mail reaches them (owners): the sender name, the contact address,
 * the consent text and privacy notice per language, and the join form's optional fields. Bad input changes nothing.
 */
export async function updateMemberSettings(deps: SettingsDeps, actor: Actor, body: Record<string, unknown>): Promise<void> {
  const network = await requireNetwork(deps);
  const before = await readSettings(deps);
  const problems = new Problems();
  const senderName = cleanLine(typeof body.senderName === 'string' ? body.senderName : '');
  if (senderName.length > settingLimits.senderName || senderNameForbidden.test(senderName)) problems.add('senderName');
  let contactEmail = '';
  const contactInput = typeof body.contactEmail === 'string' ? body.contactEmail.trim() : '';
  if (contactInput) {
    const parsed = parseEmailAddress(contactInput);
    if (parsed.ok) contactEmail = parsed.address.display;
    else problems.add('contactEmail');
  }
  const consentText = localizedInput(body, 'consentText', settingLimits.consentText, false, problems);
  const privacyNotice = localizedInput(body, 'privacyNotice', settingLimits.privacyNotice, true, problems);
  const joinFields = {} as JoinFieldRules;
  for (const f of joinFieldNames) {
    const mode = body[`joinField_${f}`];
    if ((joinFieldModes as readonly unknown[]).includes(mode)) joinFields[f] = mode as JoinFieldMode;
    else problems.add(`joinField_${f}`);
  }
  problems.throwIfAny();
  const consentChanged = changedTexts('consentText', before.consentText, consentText);
  const changed = [
    ...changedFields({ senderName: before.senderName, contactEmail: before.contactEmail }, { senderName, contactEmail }),
    ...consentChanged,
    ...changedTexts('privacyNotice', before.privacyNotice, privacyNotice),
    ...joinFieldNames.filter((f) => before.joinFields[f] !== joinFields[f]).map((f) => `joinFields.${f}`),
  ];
  if (changed.length === 0) return;
  const now = deps.clock.now().toISOString();
  await repo.updateNetwork(deps.db, network.id, {
    sender_name: senderName,
    contact_email: contactEmail,
    consent_text: JSON.stringify(consentText),
    privacy_notice: JSON.stringify(privacyNotice),
    join_fields: JSON.stringify(joinFields),
    // A new consent text is a new version: members who confirm from now on record this one.
    ...(consentChanged.length > 0 ? { consent_text_at: Object.keys(consentText).length > 0 ? now : null } : {}),
  });
  await recordAudit(deps, actor, 'settings.members', `network:${network.id}`, {
    changed: changed.join(' '),
    senderName,
    contactEmail,
    // The consent wording itself, so the version a member's consent names can always be read back.
    ...(consentChanged.length > 0 ? { consentText: JSON.stringify(consentText) } : {}),
    joinFields: JSON.stringify(joinFields),
  });
}

/**
 * Stores an uploaded logo (owners). Its type is read from its bytes: PNG, JPEG or WebP; anything else,
 * SVG included, is refused, as is a file over `logoMaxBytes`. `invalid_input` names the reason.
 */
export async function saveNetworkLogo(deps: SettingsDeps, actor: Actor, bytes: Buffer): Promise<void> {
  if (bytes.length === 0) throw new AppError('invalid_input', { field: 'logo', reason: 'empty' });
  if (bytes.length > logoMaxBytes) throw new AppError('invalid_input', { field: 'logo', reason: 'size' });
  const type = sniffLogoType(bytes);
  if (!type) throw new AppError('invalid_input', { field: 'logo', reason: 'type' });
  const network = await requireNetwork(deps);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  await repo.saveLogo(deps.db, {
    network_id: network.id,
    content_type: type,
    data: bytes.toString('base64'),
    sha256,
    updated_at: deps.clock.now().toISOString(),
  });
  await recordAudit(deps, actor, 'settings.logo', `network:${network.id}`, { type, bytes: bytes.length, sha256 });
}

/** Removes the logo (owners); nothing to remove is not an error. */
export async function removeNetworkLogo(deps: SettingsDeps, actor: Actor): Promise<void> {
  const network = await requireNetwork(deps);
  if (await repo.deleteLogo(deps.db, network.id)) await recordAudit(deps, actor, 'settings.logo_removed', `network:${network.id}`);
}

/** The logo's bytes and type, for serving; `not_found` when there is none. */
export async function networkLogo(deps: { db: Db }): Promise<{ type: string; bytes: Buffer; sha256: string; updatedAt: string }> {
  const network = await requireNetwork(deps);
  const logo = await repo.findLogo(deps.db, network.id);
  if (!logo) throw new AppError('not_found');
  return { type: logo.content_type, bytes: Buffer.from(logo.data, 'base64'), sha256: logo.sha256, updatedAt: logo.updated_at };
}

/** What the join form needs from the settings in `locale`: the field rules and the consent sentence (null: the catalog's). */
export async function joinFormSettings(deps: { db: Db }, locale: Locale): Promise<{ rules: JoinFieldRules; consentText: string | null }> {
  const network = await findCurrentNetwork(deps.db);
  if (!network) return { rules: joinFieldRules({ join_fields: '{}' }), consentText: null };
  return { rules: joinFieldRules(network), consentText: consentTextFor(network, locale) };
}
