import { type Locale, locales } from '../../i18n/i18n.ts';
import type { ResourceView } from './resource.service.ts';
import type { ResourceInput } from './resource-input.ts';

/** One locale's fields of the resource form. */
export interface VersionFormValues {
  title: string;
  slug: string;
  summary: string;
  body: string;
}

/** The resource form's values, as the page shows them and the browser sends them back (all text). */
export interface ResourceFormValues {
  kind: string;
  status: string;
  sourceLocale: string;
  externalUrl: string;
  submittedTo: string;
  submittedOn: string;
  /** Topics, one per line (a topic's name may hold a comma). */
  topics: string;
  versions: Record<Locale, VersionFormValues>;
  removeFile: boolean;
}

const emptyVersion = (): VersionFormValues => ({ title: '', slug: '', summary: '', body: '' });
const emptyVersions = () => Object.fromEntries(locales.map((l) => [l, emptyVersion()])) as Record<Locale, VersionFormValues>;

/** A new resource's form, written in the staff member's language. */
export function blankValues(locale: Locale): ResourceFormValues {
  return {
    kind: 'fact_sheet',
    status: 'draft',
    sourceLocale: locale,
    externalUrl: '',
    submittedTo: '',
    submittedOn: '',
    topics: '',
    versions: emptyVersions(),
    removeFile: false,
  };
}

/** The form's values from the fields a browser sent (`title.fr`, `body.zh`…); unknown fields are ignored. */
export function valuesFromFields(fields: Record<string, string>): ResourceFormValues {
  const text = (key: string) => fields[key] ?? '';
  const versions = emptyVersions();
  for (const l of locales) versions[l] = { title: text(`title.${l}`), slug: text(`slug.${l}`), summary: text(`summary.${l}`), body: text(`body.${l}`) };
  return {
    kind: text('kind'),
    status: text('status'),
    sourceLocale: text('sourceLocale'),
    externalUrl: text('externalUrl'),
    submittedTo: text('submittedTo'),
    submittedOn: text('submittedOn'),
    topics: text('topics'),
    versions,
    removeFile: text('removeFile') === 'yes',
  };
}

/** The form's values for a stored resource. */
export function valuesFromView(view: ResourceView): ResourceFormValues {
  const versions = emptyVersions();
  for (const l of locales) {
    const v = view.versions[l];
    if (v) versions[l] = { title: v.title, slug: v.slug, summary: v.summary, body: v.body };
  }
  const { row } = view;
  return {
    kind: row.kind,
    status: row.status,
    sourceLocale: row.source_locale,
    externalUrl: row.external_url ?? '',
    submittedTo: row.submitted_to ?? '',
    submittedOn: row.submitted_on ?? '',
    topics: view.topics.map((t) => t.name).join('\n'),
    versions,
    removeFile: false,
  };
}

/** The service's input from the form's values (the service checks every rule). */
export function inputFromValues(values: ResourceFormValues): ResourceInput {
  return {
    kind: values.kind as ResourceInput['kind'],
    status: values.status as ResourceInput['status'],
    sourceLocale: values.sourceLocale as Locale,
    externalUrl: values.externalUrl.trim() || null,
    submittedTo: values.submittedTo || null,
    submittedOn: values.submittedOn || null,
    topics: values.topics
      .split('\n')
      .map((t) => t.trim())
      .filter(Boolean),
    versions: Object.fromEntries(locales.map((l) => [l, values.versions[l]])),
  };
}
