import type { FastifyReply, FastifyRequest } from 'fastify';
import addressparser from 'nodemailer/lib/addressparser';
import { parseEmailAddress } from '../../address/email-address.ts';
import type { AppDeps } from '../../app-deps.ts';
import { isAppError } from '../../errors/app-error.ts';
import { actorOf, pageContext } from '../../http/request-context.ts';
import { autonym, isLocale, type Translator } from '../../i18n/i18n.ts';
import * as settings from './network-settings.service.ts';
import { SettingsPage, type SettingsPageState, settingsFormValues } from './settings-admin.views.tsx';

const notices = {
  network: 'settings.saved.network',
  members: 'settings.saved.members',
  logo: 'settings.saved.logo',
  logo_removed: 'settings.saved.logoRemoved',
} as const;

function mailAddress(deps: AppDeps): string {
  const [parsed] = addressparser(deps.config.mailFrom) as { address?: string }[];
  return parsed?.address ?? deps.config.mailFrom;
}

/** A translated message for each field the service refused (`name_fr`, `senderName`…), in the reader's language. */
function settingsErrors(t: Translator, fields: string[], body: Record<string, unknown>): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const field of fields) {
    const [kind = field, locale] = field.split('_');
    const language = isLocale(locale) ? autonym(locale) : '';
    const value = typeof body[field] === 'string' ? (body[field] as string).trim() : '';
    if (kind === 'contactEmail') {
      const parsed = parseEmailAddress(value);
      errors[field] = parsed.ok ? t('settings.invalid.contactEmail') : t(`address.error.${parsed.code}`, parsed.details ?? {});
    } else if (kind === 'name' && value === '') errors[field] = t('settings.invalid.nameRequired', { language });
    else if (kind in settings.settingLimits) {
      const max = settings.settingLimits[kind as keyof typeof settings.settingLimits];
      errors[field] = kind === 'senderName' ? t('settings.invalid.senderName', { max }) : t('settings.invalid.tooLong', { language, max });
    } else errors[field] = t('settings.invalid.choice');
  }
  return errors;
}

async function pageState(deps: AppDeps, overrides: Partial<SettingsPageState> = {}): Promise<SettingsPageState> {
  const current = await settings.readSettings(deps);
  const values = settingsFormValues(current);
  return {
    settings: current,
    network: { values, errors: {} },
    members: { values, errors: {} },
    mailAddress: mailAddress(deps),
    ...overrides,
  };
}

/** GET /admin/settings */
export function settingsPage(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const ctx = pageContext(request, reply);
    const done = (request.query as Record<string, unknown>).saved;
    const notice = typeof done === 'string' && done in notices ? ctx.t(notices[done as keyof typeof notices]) : undefined;
    return reply.page(<SettingsPage ctx={ctx} state={await pageState(deps, { notice })} />);
  };
}

/** Saves one of the two text forms; a refused value shows the form again as typed, with every mistake, and saves nothing. */
function textFormSubmit(deps: AppDeps, form: 'network' | 'members') {
  const save = form === 'network' ? settings.updateNetworkTexts : settings.updateMemberSettings;
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    try {
      await save(deps, actorOf(request), body);
      return reply.redirect(`/${request.locale}/admin/settings?saved=${form}`, 303);
    } catch (error) {
      if (!isAppError(error, 'invalid_input')) throw error;
      const fields = String(error.details.fields ?? error.details.field).split(' ');
      const submitted = Object.fromEntries(Object.entries(body).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
      const state = await pageState(deps);
      state[form] = { values: { ...state[form].values, homeShowsPicture: '', ...submitted }, errors: settingsErrors(request.t, fields, body) };
      return reply.page(<SettingsPage ctx={pageContext(request, reply)} state={state} status="error" />, 400);
    }
  };
}

/** POST /admin/settings/network — name, description, default language, the picture on the home page. */
export function networkSubmit(deps: AppDeps) {
  return textFormSubmit(deps, 'network');
}

/** POST /admin/settings/members — sender name, contact address, consent text, privacy notice, join-form fields. */
export function membersSubmit(deps: AppDeps) {
  return textFormSubmit(deps, 'members');
}

/** Reads the one uploaded file, stopping at the logo's limit (one byte more says "too large" without reading the rest). */
async function uploadedLogo(request: FastifyRequest): Promise<Buffer | 'too_large' | null> {
  const part = await request.file({ limits: { fileSize: settings.logoMaxBytes, files: 1 } });
  if (!part) return null;
  try {
    return await part.toBuffer();
  } catch (error) {
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') return 'too_large';
    throw error;
  }
}

/** POST /admin/settings/logo (multipart) — stores a PNG, JPEG or WebP logo; anything else is refused and nothing changes. */
export function logoSubmit(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const upload = await uploadedLogo(request);
    let reason = upload === 'too_large' ? 'size' : upload === null ? 'empty' : null;
    if (Buffer.isBuffer(upload)) {
      try {
        await settings.saveNetworkLogo(deps, actorOf(request), upload);
        return reply.redirect(`/${request.locale}/admin/settings?saved=logo`, 303);
      } catch (error) {
        if (!isAppError(error, 'invalid_input')) throw error;
        reason = String(error.details.reason);
      }
    }
    const t = request.t;
    const logoError = t(`settings.invalid.logo.${reason}`, { kilobytes: Math.floor(settings.logoMaxBytes / 1024) });
    return reply.page(<SettingsPage ctx={pageContext(request, reply)} state={await pageState(deps, { logoError })} status="error" />, 400);
  };
}

/** POST /admin/settings/logo/remove */
export function logoRemoveSubmit(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    await settings.removeNetworkLogo(deps, actorOf(request));
    return reply.redirect(`/${request.locale}/admin/settings?saved=logo_removed`, 303);
  };
}
