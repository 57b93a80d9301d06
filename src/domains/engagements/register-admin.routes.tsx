import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../app-deps.ts';
import { type AppError, appErrorStatus, isAppError } from '../../errors/app-error.ts';
import { parseBody } from '../../http/form.ts';
import { actorOf, pageContext } from '../../http/request-context.ts';
import { locales } from '../../i18n/i18n.ts';
import * as engagements from './engagement.service.ts';
import * as register from './register.service.ts';
import { ItemPage, NewItemPage, type RegisterFormValues, RegisterPage, registerFieldLabel, registerValuesOf } from './register-admin.views.tsx';

const idParams = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });
const atQuery = z.object({
  at: z.iso
    .date()
    .optional()
    .or(z.literal('').transform(() => undefined)),
});

type Body = Record<string, string | undefined>;

function valuesFromBody(body: Body): RegisterFormValues {
  return {
    topic: body.topic ?? '',
    kind: body.kind ?? '',
    statement: Object.fromEntries(locales.map((l) => [l, body[`statement.${l}`] ?? ''])),
    likelihood: body.likelihood ?? '',
    impact: body.impact ?? '',
    trend: body.trend ?? '',
    ownerStaffId: body.ownerStaffId ?? '',
    actions: body.actions ?? '',
    reason: body.reason ?? '',
  };
}

/** The service's input from the form: numbers as numbers, no owner as null, every language's statement (empty removes it). */
function inputOf(values: RegisterFormValues) {
  const number = (text: string) => (/^\d{1,2}$/.test(text) ? Number(text) : text);
  return {
    topic: values.topic,
    kind: values.kind,
    statement: values.statement,
    likelihood: number(values.likelihood),
    impact: number(values.impact),
    trend: values.trend,
    ownerStaffId: /^[1-9]\d{0,9}$/.test(values.ownerStaffId) ? Number(values.ownerStaffId) : null,
    actions: values.actions,
    reason: values.reason,
  };
}

function formError(request: FastifyRequest, error: unknown): { message: string; status: number } | null {
  if (!isAppError(error, 'invalid_input') && !isAppError(error, 'register_reason_required')) return null;
  const refused = error as AppError;
  const details = refused.code === 'invalid_input' ? { field: registerFieldLabel(request.t, String(refused.details.field ?? '')) } : refused.details;
  return { message: request.t(`error.${refused.code}`, details), status: appErrorStatus[refused.code] };
}

/** GET /admin/register — the register as it stands, or as it stood at the end of `?at=`. */
export function registerPage(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { at } = parseBody(atQuery, request.query);
    const topics = await register.listRegister(deps, { at });
    return reply.page(<RegisterPage ctx={pageContext(request, reply)} topics={topics} at={at} />);
  };
}

/** GET /admin/register/new */
export function newItemPage(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { topics, staff } = await engagements.choices(deps);
    const values: RegisterFormValues = { ...valuesFromBody({}), kind: 'risk', likelihood: '3', impact: '3', trend: 'steady' };
    return reply.page(<NewItemPage ctx={pageContext(request, reply)} values={values} topics={topics} staff={staff} />);
  };
}

/** POST /admin/register/new */
export function newItemSubmit(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const values = valuesFromBody((request.body ?? {}) as Body);
    try {
      const item = await register.createItem(deps, actorOf(request), { ...inputOf(values), reason: values.reason || undefined });
      return reply.redirect(`/${request.locale}/admin/register/items/${item.id}`, 303);
    } catch (error) {
      const refused = formError(request, error);
      if (!refused) throw error;
      const { topics, staff } = await engagements.choices(deps);
      return reply.page(
        <NewItemPage ctx={pageContext(request, reply)} values={values} topics={topics} staff={staff} error={refused.message} />,
        refused.status,
      );
    }
  };
}

async function itemPage(
  deps: AppDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  id: number,
  values?: RegisterFormValues,
  error?: { message: string; status: number },
) {
  const [item, history, { topics, staff }] = await Promise.all([register.getItem(deps, id), register.itemHistory(deps, id), engagements.choices(deps)]);
  const page = (
    <ItemPage
      ctx={pageContext(request, reply)}
      item={item}
      history={history}
      topics={topics}
      staff={staff}
      values={values ?? registerValuesOf(item)}
      error={error?.message}
    />
  );
  return reply.page(page, error?.status ?? 200);
}

/** GET /admin/register/items/:id — the item, its history and (for editors) the form to change it. */
export function registerItemPage(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => itemPage(deps, request, reply, parseBody(idParams, request.params).id);
}

/** POST /admin/register/items/:id — a change, with its reason. */
export function registerItemSubmit(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { id } = parseBody(idParams, request.params);
    const values = valuesFromBody((request.body ?? {}) as Body);
    try {
      await register.updateItem(deps, actorOf(request), id, inputOf(values));
      return reply.redirect(`/${request.locale}/admin/register/items/${id}`, 303);
    } catch (error) {
      const refused = formError(request, error);
      if (!refused) throw error;
      return itemPage(deps, request, reply, id, values, refused);
    }
  };
}
