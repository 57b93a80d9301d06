import type { Locale } from '../../i18n/i18n.ts';
import { memberStateName } from '../members/member-geography.ts';
import type { EngagementView } from './engagement.service.ts';
import type { EngagementOrganisationRow, TopicRow } from './engagement.table.ts';
import type { EngagementInput } from './engagement-input.ts';

/** Blank rows the form offers for new follow-ups and links (more after saving). */
export const blankRows = 2;

/** The engagement form's values, as the page shows them and the browser sends them back (all text). */
export interface EngagementFormValues {
  kind: string;
  title: string;
  startDate: string;
  endDate: string;
  ongoing: boolean;
  place: string;
  online: boolean;
  status: string;
  confidentiality: string;
  restricted: boolean;
  notes: string;
  /** Member states by name or code, separated by commas. */
  memberStates: string;
  organisationIds: number[];
  /** Members by email address, one per line. */
  memberEmails: string;
  ownerStaffId: string;
  participantStaffIds: number[];
  topicIds: number[];
  /** New topics, one per line (a topic's name may hold a comma). */
  newTopics: string;
  followUps: { id: string; action: string; owner: string; due: string; done: boolean }[];
  links: { url: string; label: string }[];
  externalBody: string;
  consultation: string;
  deadline: string;
  submissionStatus: string;
  resourceUrl: string;
}

export type FormBody = Record<string, string | string[] | undefined>;

const text = (body: FormBody, key: string): string => {
  const value = body[key];
  return (Array.isArray(value) ? value[0] : value) ?? '';
};
const ticked = (body: FormBody, key: string) => text(body, key) === 'yes';
/** Checkboxes named `<prefix>.<id>`, one per choice, so a form needs no repeated keys. */
const tickedIds = (body: FormBody, prefix: string) =>
  Object.keys(body)
    .filter((k) => k.startsWith(`${prefix}.`) && ticked(body, k))
    .map((k) => Number(k.slice(prefix.length + 1)))
    .filter((n) => Number.isInteger(n) && n > 0);
/** Rows named `<prefix>.<n>.<field>`, in the order of n. */
function rows(body: FormBody, prefix: string): number[] {
  const indexes = new Set<number>();
  for (const k of Object.keys(body)) {
    const match = new RegExp(`^${prefix}\\.(\\d{1,3})\\.`).exec(k);
    if (match) indexes.add(Number(match[1]));
  }
  return [...indexes].sort((a, b) => a - b);
}

/** The values a submitted form carries. */
export function valuesFromBody(body: FormBody): EngagementFormValues {
  return {
    kind: text(body, 'kind'),
    title: text(body, 'title'),
    startDate: text(body, 'startDate'),
    endDate: text(body, 'endDate'),
    ongoing: ticked(body, 'ongoing'),
    place: text(body, 'place'),
    online: ticked(body, 'online'),
    status: text(body, 'status'),
    confidentiality: text(body, 'confidentiality'),
    restricted: ticked(body, 'restricted'),
    notes: text(body, 'notes'),
    memberStates: text(body, 'memberStates'),
    organisationIds: tickedIds(body, 'organisation'),
    memberEmails: text(body, 'memberEmails'),
    ownerStaffId: text(body, 'ownerStaffId'),
    participantStaffIds: tickedIds(body, 'participant'),
    topicIds: tickedIds(body, 'topic'),
    newTopics: text(body, 'newTopics'),
    followUps: rows(body, 'followUp').map((n) => ({
      id: text(body, `followUp.${n}.id`),
      action: text(body, `followUp.${n}.action`),
      owner: text(body, `followUp.${n}.owner`),
      due: text(body, `followUp.${n}.due`),
      done: ticked(body, `followUp.${n}.done`),
    })),
    links: rows(body, 'link').map((n) => ({ url: text(body, `link.${n}.url`), label: text(body, `link.${n}.label`) })),
    externalBody: text(body, 'externalBody'),
    consultation: text(body, 'consultation'),
    deadline: text(body, 'deadline'),
    submissionStatus: text(body, 'submissionStatus'),
    resourceUrl: text(body, 'resourceUrl'),
  };
}

/** A new engagement's form: today, planned, internal, owned by whoever records it, with any counterpart the link named. */
export function blankValues(today: string, ownerStaffId: number | null, memberState = ''): EngagementFormValues {
  return {
    ...valuesFromBody({}),
    kind: 'bilateral_meeting',
    startDate: today,
    status: 'planned',
    confidentiality: 'internal',
    ownerStaffId: ownerStaffId ? String(ownerStaffId) : '',
    memberStates: memberState,
  };
}

/** An engagement's stored values in the form (member states by their names in the reader's language). */
export function valuesFromView(view: EngagementView, locale: Locale, memberEmails: string[]): EngagementFormValues {
  const { row } = view;
  return {
    kind: row.kind,
    title: row.title,
    startDate: row.start_date,
    endDate: row.end_date ?? '',
    ongoing: row.ongoing === 1,
    place: row.place,
    online: row.online === 1,
    status: row.status,
    confidentiality: row.confidentiality,
    restricted: row.restricted === 1,
    notes: view.notes ?? '',
    memberStates: view.memberStates.map((c) => memberStateName(locale, c)).join(', '),
    organisationIds: view.organisations.map((o) => o.id),
    memberEmails: memberEmails.join('\n'),
    ownerStaffId: row.owner_staff_id ? String(row.owner_staff_id) : '',
    participantStaffIds: view.participants.map((p) => p.id),
    topicIds: view.topics.map((t) => t.id),
    newTopics: '',
    followUps: view.followUps.map((f) => ({
      id: String(f.id),
      action: f.action,
      owner: f.owner_staff_id ? String(f.owner_staff_id) : '',
      due: f.due_date ?? '',
      done: f.done_at !== null,
    })),
    links: view.links,
    externalBody: row.external_body ?? '',
    consultation: row.consultation ?? '',
    deadline: row.deadline ?? '',
    submissionStatus: row.submission_status ?? 'drafting',
    resourceUrl: row.resource_url ?? '',
  };
}

const list = (value: string, separators: RegExp) =>
  value
    .split(separators)
    .map((s) => s.trim())
    .filter(Boolean);
const orNull = (value: string) => (value.trim() === '' ? null : value.trim());
const idOrNull = (value: string) => (/^[1-9][0-9]{0,9}$/.test(value) ? Number(value) : null);

/**
 * The service's input from the form's values: ids of the lists become names, empty rows are dropped (a follow-up
 * row counts once it has an action), and submission fields count only for a submission. With `guarded`, the fields
 * a reader of a restricted engagement may not change are left out, so they stay as they are.
 */
export function inputFromValues(
  values: EngagementFormValues,
  lists: { organisations: EngagementOrganisationRow[]; topics: TopicRow[] },
  memberIds: number[],
  guarded: boolean,
): EngagementInput {
  const organisations = new Map(lists.organisations.map((o) => [o.id, o.name]));
  const topics = new Map(lists.topics.map((t) => [t.id, t.name]));
  const input: EngagementInput = {
    kind: values.kind as EngagementInput['kind'],
    title: values.title,
    startDate: values.startDate,
    endDate: orNull(values.endDate),
    ongoing: values.ongoing,
    place: values.place,
    online: values.online,
    status: values.status as EngagementInput['status'],
    confidentiality: values.confidentiality as EngagementInput['confidentiality'],
    // The separators of the six languages' lists: a member state's UN name has none of them.
    memberStates: list(values.memberStates, /[,;،、，；\n]/),
    organisations: values.organisationIds.flatMap((id) => organisations.get(id) ?? []),
    memberIds,
    topics: [...values.topicIds.flatMap((id) => topics.get(id) ?? []), ...list(values.newTopics, /\n/)],
    followUps: values.followUps
      .filter((f) => f.action.trim() !== '')
      .map((f) => ({
        ...(idOrNull(f.id) ? { id: idOrNull(f.id) as number } : {}),
        action: f.action,
        ownerStaffId: idOrNull(f.owner),
        dueDate: orNull(f.due),
        done: f.done,
      })),
    links: values.links.filter((l) => l.url.trim() !== '').map((l) => ({ url: l.url, label: l.label })),
    submission:
      values.kind === 'submission'
        ? {
            externalBody: values.externalBody,
            consultation: values.consultation,
            deadline: orNull(values.deadline),
            status: (values.submissionStatus || 'drafting') as 'drafting',
            resourceUrl: orNull(values.resourceUrl),
          }
        : null,
  };
  if (!guarded) {
    input.restricted = values.restricted;
    input.notes = values.notes;
    input.ownerStaffId = idOrNull(values.ownerStaffId);
    input.participantStaffIds = values.participantStaffIds;
  }
  return input;
}

/** The addresses a form names members by, one per line (commas and semicolons also separate). */
export function memberEmailsOf(values: EngagementFormValues): string[] {
  return list(values.memberEmails, /[\n,;]/);
}
