import type { PageContext } from '../../http/request-context.ts';
import { autonym, type Locale, locales } from '../../i18n/i18n.ts';
import { AdminLayout } from '../../views/admin-layout.tsx';
import { formatDate, formatTimestamp } from '../../views/format.ts';
import { CsrfField } from '../../views/layout.tsx';
import type { StaffAccountRow } from '../auth/auth.table.ts';
import type { TopicRow } from './engagement.table.ts';
import type { RegisterChange, RegisterItemState, RegisterItemView, RegisterTopic } from './register.service.ts';
import { statementIn } from './register.service.ts';
import { type RegisterKind, registerKinds, scaleMax, trends } from './register.table.ts';

/** The fields the register's forms label (`register.field.<name>`), also the names an `invalid_input` error may give. */
export const registerFormFields = [
  'topic',
  'kind',
  'statement',
  'likelihood',
  'impact',
  'trend',
  'ownerStaffId',
  'actions',
  'engagementIds',
  'reason',
  'at',
] as const;

/** The label of a field an `invalid_input` error names (`statement.fr` → the statement's label). */
export function registerFieldLabel(t: PageContext['t'], field: string): string {
  const name = field.split('.')[0] ?? '';
  return (registerFormFields as readonly string[]).includes(name) ? t(`register.field.${name}`) : field;
}

/** The two scales' names: a risk's likelihood and impact, an opportunity's readiness and potential. */
function scaleLabels(t: PageContext['t'], kind: RegisterKind): { first: string; second: string } {
  return kind === 'risk'
    ? { first: t('register.field.likelihood'), second: t('register.field.impact') }
    : { first: t('register.readiness'), second: t('register.potential') };
}

/** Each item's short label on the matrix and in the tables: R1, R2… for risks, O1, O2… for opportunities. */
function markers(topics: RegisterTopic[]): Map<number, string> {
  const map = new Map<number, string>();
  let r = 0;
  let o = 0;
  for (const topic of topics) {
    for (const item of topic.risks) map.set(item.id, `R${++r}`);
    for (const item of topic.opportunities) map.set(item.id, `O${++o}`);
  }
  return map;
}

const cell = 56;
const margin = 48;

/** The matrix: likelihood (or readiness) up, impact (or potential) across, each item at its place. SVG, drawn on the server. */
function Matrix({ ctx, topics, marks }: { ctx: PageContext; topics: RegisterTopic[]; marks: Map<number, string> }) {
  const { t } = ctx;
  const size = cell * scaleMax;
  const items = topics.flatMap((x) => [...x.risks, ...x.opportunities]);
  const at = new Map<string, RegisterItemView[]>();
  for (const item of items) at.set(`${item.likelihood}-${item.impact}`, [...(at.get(`${item.likelihood}-${item.impact}`) ?? []), item]);
  const steps = Array.from({ length: scaleMax }, (_, i) => i + 1);
  return (
    <figure class="chart register-matrix">
      <svg
        class="chart__svg"
        viewBox={`0 0 ${size + margin + 8} ${size + margin + 8}`}
        width={size + margin + 8}
        height={size + margin + 8}
        role="img"
        aria-labelledby="matrix-title matrix-desc"
      >
        <title id="matrix-title">{t('register.matrix.title')}</title>
        <desc id="matrix-desc">{t('register.matrix.desc')}</desc>
        {steps.map((likelihood) =>
          steps.map((impact) => (
            <rect
              key={`${likelihood}-${impact}`}
              x={margin + (impact - 1) * cell}
              y={(scaleMax - likelihood) * cell}
              width={cell}
              height={cell}
              fill={likelihood * impact >= 15 ? '#f3c6c6' : likelihood * impact >= 8 ? '#f7e3b5' : '#dcefd9'}
              stroke="#ffffff"
            />
          )),
        )}
        {[...at].map(([key, here]) => {
          const [likelihood, impact] = key.split('-').map(Number) as [number, number];
          return (
            <text key={key} x={margin + (impact - 0.5) * cell} y={(scaleMax - likelihood + 0.55) * cell} text-anchor="middle" class="chart__value">
              {here.map((i) => marks.get(i.id)).join(' ')}
            </text>
          );
        })}
        {steps.map((n) => (
          <text key={`x${n}`} x={margin + (n - 0.5) * cell} y={size + 18} text-anchor="middle" class="chart__label">
            {n}
          </text>
        ))}
        {steps.map((n) => (
          <text key={`y${n}`} x={margin - 10} y={(scaleMax - n + 0.55) * cell} text-anchor="end" class="chart__label">
            {n}
          </text>
        ))}
        <text x={margin + size / 2} y={size + 40} text-anchor="middle" class="chart__label">
          {t('register.matrix.across')}
        </text>
      </svg>
      <figcaption class="chart__note">{t('register.matrix.up')}</figcaption>
    </figure>
  );
}

/** The register: the as-of form, the matrix, and per topic a table of its risks and opportunities. */
export function RegisterPage({ ctx, topics, at }: { ctx: PageContext; topics: RegisterTopic[]; at?: string }) {
  const { t, locale } = ctx;
  const canEdit = ctx.staff?.role !== 'viewer';
  const marks = markers(topics);
  return (
    <AdminLayout ctx={ctx} title={t('register.title')}>
      <p class="actions">
        {canEdit && (
          <a class="button" href={ctx.href('/admin/register/new')}>
            {t('register.new')}
          </a>
        )}
        <a href={ctx.href('/admin/engagements')}>{t('admin.nav.engagements')}</a>
      </p>
      <form method="get" action={ctx.href('/admin/register')} class="inline-form">
        <label for="register-at">{t('register.asOf')}</label>
        <input id="register-at" name="at" type="date" value={at ?? ''} />
        <button type="submit" class="button button--quiet">
          {t('register.show')}
        </button>
        {at && <a href={ctx.href('/admin/register')}>{t('register.now')}</a>}
      </form>
      {at && (
        <p class="notice" role="status">
          {t('register.asOfNotice', { date: formatDate(locale, at) })}
        </p>
      )}
      {topics.length === 0 ? (
        <p>{t('register.none')}</p>
      ) : (
        <>
          <Matrix ctx={ctx} topics={topics} marks={marks} />
          {topics.map((topic, i) => (
            <section key={topic.name} aria-labelledby={`topic-${i}`}>
              <h2 id={`topic-${i}`}>
                <bdi>{topic.name}</bdi>
              </h2>
              <ItemTable ctx={ctx} items={[...topic.risks, ...topic.opportunities]} marks={marks} />
            </section>
          ))}
        </>
      )}
    </AdminLayout>
  );
}

function ItemTable({ ctx, items, marks }: { ctx: PageContext; items: RegisterItemView[]; marks: Map<number, string> }) {
  const { t, locale } = ctx;
  return (
    <div class="table-scroll">
      <table class="table">
        <thead>
          <tr>
            <th scope="col">{t('register.marker')}</th>
            <th scope="col">{t('register.field.kind')}</th>
            <th scope="col">{t('register.field.statement')}</th>
            <th scope="col">{t('register.scales')}</th>
            <th scope="col">{t('register.field.trend')}</th>
            <th scope="col">{t('register.field.ownerStaffId')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => {
            const labels = scaleLabels(t, item.kind);
            return (
              <tr key={item.id}>
                <td>{marks.get(item.id)}</td>
                <td>{t(`registerKind.${item.kind}`)}</td>
                <td class="wrap">
                  <a href={ctx.href(`/admin/register/items/${item.id}`)}>
                    <bdi>{statementIn(item.statement, locale)}</bdi>
                  </a>
                </td>
                <td>{t('register.scaleValues', { first: labels.first, firstValue: item.likelihood, second: labels.second, secondValue: item.impact })}</td>
                <td>{t(`trend.${item.trend}`)}</td>
                <td>{item.ownerName ? <bdi>{item.ownerName}</bdi> : '—'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** The item form's values, as text. */
export interface RegisterFormValues {
  topic: string;
  kind: string;
  statement: Partial<Record<Locale, string>>;
  likelihood: string;
  impact: string;
  trend: string;
  ownerStaffId: string;
  actions: string;
  reason: string;
}

export function registerValuesOf(item: RegisterItemState): RegisterFormValues {
  return {
    topic: item.topic,
    kind: item.kind,
    statement: item.statement,
    likelihood: String(item.likelihood),
    impact: String(item.impact),
    trend: item.trend,
    ownerStaffId: item.ownerStaffId ? String(item.ownerStaffId) : '',
    actions: item.actions,
    reason: '',
  };
}

function ScaleSelect({ id, label, value }: { id: string; label: string; value: string }) {
  return (
    <>
      <label for={id}>{label}</label>
      <select id={id} name={id}>
        {Array.from({ length: scaleMax }, (_, i) => String(i + 1)).map((n) => (
          <option key={n} value={n} selected={n === value}>
            {n}
          </option>
        ))}
      </select>
    </>
  );
}

/** Add an item, or change one (with the reason, required then). */
function ItemForm({
  ctx,
  action,
  values,
  topics,
  staff,
  reasonRequired,
}: {
  ctx: PageContext;
  action: string;
  values: RegisterFormValues;
  topics: TopicRow[];
  staff: StaffAccountRow[];
  reasonRequired: boolean;
}) {
  const { t } = ctx;
  return (
    <form method="post" action={ctx.href(action)} class="form form--wide engagement-form">
      <CsrfField ctx={ctx} />
      <label for="topic">{t('register.field.topic')}</label>
      <input id="topic" name="topic" type="text" required maxLength={200} value={values.topic} dir="auto" list="topic-names" />
      <datalist id="topic-names">
        {topics.map((x) => (
          <option key={x.id} value={x.name} />
        ))}
      </datalist>
      <label for="kind">{t('register.field.kind')}</label>
      <select id="kind" name="kind">
        {registerKinds.map((k) => (
          <option key={k} value={k} selected={k === values.kind}>
            {t(`registerKind.${k}`)}
          </option>
        ))}
      </select>
      <fieldset>
        <legend>{t('register.field.statement')}</legend>
        <p class="hint">{t('register.statementHint')}</p>
        {locales.map((l) => (
          <div key={l}>
            <label for={`statement-${l}`}>{autonym(l)}</label>
            <input id={`statement-${l}`} name={`statement.${l}`} type="text" maxLength={1000} value={values.statement[l] ?? ''} lang={l} dir="auto" />
          </div>
        ))}
      </fieldset>
      <ScaleSelect id="likelihood" label={t('register.likelihoodOrReadiness')} value={values.likelihood} />
      <ScaleSelect id="impact" label={t('register.impactOrPotential')} value={values.impact} />
      <label for="trend">{t('register.field.trend')}</label>
      <select id="trend" name="trend">
        {trends.map((x) => (
          <option key={x} value={x} selected={x === values.trend}>
            {t(`trend.${x}`)}
          </option>
        ))}
      </select>
      <label for="ownerStaffId">{t('register.field.ownerStaffId')}</label>
      <select id="ownerStaffId" name="ownerStaffId">
        <option value="">{t('member.field.choose')}</option>
        {staff.map((s) => (
          <option key={s.id} value={String(s.id)} selected={String(s.id) === values.ownerStaffId}>
            {s.name}
          </option>
        ))}
      </select>
      <label for="actions">{t('register.field.actions')}</label>
      <textarea id="actions" name="actions" rows={4} dir="auto" maxLength={5000}>
        {values.actions}
      </textarea>
      <label for="reason">{t('register.field.reason')}</label>
      <input id="reason" name="reason" type="text" maxLength={500} value={values.reason} dir="auto" required={reasonRequired} aria-describedby="reason-hint" />
      <p id="reason-hint" class="hint">
        {t('register.reasonHint')}
      </p>
      <button type="submit" class="button">
        {t('register.save')}
      </button>
    </form>
  );
}

function ErrorNotice({ error }: { error?: string }) {
  return error ? (
    <p class="notice notice--error" role="alert">
      {error}
    </p>
  ) : null;
}

/** The form to add a risk or an opportunity. */
export function NewItemPage({
  ctx,
  values,
  topics,
  staff,
  error,
}: {
  ctx: PageContext;
  values: RegisterFormValues;
  topics: TopicRow[];
  staff: StaffAccountRow[];
  error?: string;
}) {
  return (
    <AdminLayout ctx={ctx} title={ctx.t('register.new')}>
      <ErrorNotice error={error} />
      <ItemForm ctx={ctx} action="/admin/register/new" values={values} topics={topics} staff={staff} reasonRequired={false} />
    </AdminLayout>
  );
}

/** A change's fields in words: "Likelihood: 3 → 4". */
function ChangeList({ ctx, change }: { ctx: PageContext; change: RegisterChange }) {
  const { t, locale } = ctx;
  const shown = (key: string, value: unknown): string => {
    if (value === null || value === undefined) return '—';
    if (key === 'statement') return statementIn(value as RegisterItemState['statement'], locale);
    if (key === 'kind') return t(`registerKind.${value as RegisterKind}`);
    if (key === 'trend') return t(`trend.${value as string}`);
    if (Array.isArray(value)) return value.join(', ') || '—';
    return String(value);
  };
  return (
    <ul class="plain-list">
      {Object.entries(change.changes).map(([key, { from, to }]) => (
        <li key={key}>
          <bdi>{t('register.change', { field: registerFieldLabel(t, key), from: shown(key, from), to: shown(key, to) })}</bdi>
        </li>
      ))}
    </ul>
  );
}

/** One item: as it stands, its history (oldest first), and for editors the form to change it. */
export function ItemPage({
  ctx,
  item,
  history,
  topics,
  staff,
  values,
  error,
}: {
  ctx: PageContext;
  item: RegisterItemView;
  history: RegisterChange[];
  topics: TopicRow[];
  staff: StaffAccountRow[];
  values: RegisterFormValues;
  error?: string;
}) {
  const { t, locale } = ctx;
  const labels = scaleLabels(t, item.kind);
  const canEdit = ctx.staff?.role !== 'viewer';
  return (
    <AdminLayout ctx={ctx} title={statementIn(item.statement, locale)}>
      <ErrorNotice error={error} />
      <dl class="facts">
        <dt>{t('register.field.topic')}</dt>
        <dd>
          <bdi>{item.topic}</bdi>
        </dd>
        <dt>{t('register.field.kind')}</dt>
        <dd>{t(`registerKind.${item.kind}`)}</dd>
        <dt>{labels.first}</dt>
        <dd>{item.likelihood}</dd>
        <dt>{labels.second}</dt>
        <dd>{item.impact}</dd>
        <dt>{t('register.field.trend')}</dt>
        <dd>{t(`trend.${item.trend}`)}</dd>
        <dt>{t('register.field.ownerStaffId')}</dt>
        <dd>{item.ownerName ? <bdi>{item.ownerName}</bdi> : '—'}</dd>
        <dt>{t('register.field.actions')}</dt>
        <dd class="wrap">
          <bdi>{item.actions || '—'}</bdi>
        </dd>
        <dt>{t('register.field.engagementIds')}</dt>
        <dd>
          {item.engagementIds.length === 0
            ? '—'
            : item.engagementIds.map((id) => (
                <>
                  <a key={id} href={ctx.href(`/admin/engagements/${id}`)}>
                    {t('register.engagementNumber', { id })}
                  </a>{' '}
                </>
              ))}
        </dd>
      </dl>
      <h2>{t('register.history')}</h2>
      <div class="table-scroll">
        <table class="table">
          <thead>
            <tr>
              <th scope="col">{t('audit.when')}</th>
              <th scope="col">{t('audit.who')}</th>
              <th scope="col">{t('register.field.reason')}</th>
              <th scope="col">{t('register.whatChanged')}</th>
            </tr>
          </thead>
          <tbody>
            {history.map((change, i) => (
              <tr key={`${change.at}-${i}`}>
                <td>{formatTimestamp(locale, change.at)}</td>
                <td>
                  <bdi>{change.actor}</bdi>
                </td>
                <td class="wrap">
                  <bdi>{change.reason || '—'}</bdi>
                </td>
                <td class="wrap">{i === 0 ? t('register.added') : <ChangeList ctx={ctx} change={change} />}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {canEdit && (
        <section class="panel" aria-labelledby="change-heading">
          <h2 id="change-heading">{t('register.changeHeading')}</h2>
          <ItemForm ctx={ctx} action={`/admin/register/items/${item.id}`} values={values} topics={topics} staff={staff} reasonRequired />
        </section>
      )}
      <p>
        <a href={ctx.href('/admin/register')}>{t('register.title')}</a>
      </p>
    </AdminLayout>
  );
}
