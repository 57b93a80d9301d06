import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../app-deps.ts';
import { actorOf, type PageContext, pageContext } from '../../http/request-context.ts';
import { cleanLine } from '../../security/human-text.ts';
import { AdminLayout } from '../../views/admin-layout.tsx';
import { formatNumber } from '../../views/format.ts';
import { CsrfField } from '../../views/layout.tsx';
import { recordAudit } from '../audit/audit.service.ts';
import { requireNetwork } from '../site/site.service.ts';
import { countBySource, insertSource, listSources } from './member.repository.ts';
import { sourceTag } from './member-record.ts';

interface SourceLine {
  tag: string | null;
  label: string;
  total: number;
  subscribed: number;
}

// The label is shown on the sources page and beside each QR code: one clean line (src/security/human-text.ts).
const sourceForm = z.object({ tag: sourceTag, label: z.string().default('').transform(cleanLine).pipe(z.string().max(200)) });

function SourcesPage({ ctx, lines, publicUrl, error }: { ctx: PageContext; lines: SourceLine[]; publicUrl: string; error?: string }) {
  const { t, locale } = ctx;
  return (
    <AdminLayout ctx={ctx} title={t('sources.title')}>
      <p>{t('sources.intro')}</p>
      <table class="table">
        <thead>
          <tr>
            <th scope="col">{t('sources.tag')}</th>
            <th scope="col">{t('sources.label')}</th>
            <th scope="col">{t('sources.subscribed')}</th>
            <th scope="col">{t('sources.total')}</th>
            <th scope="col">{t('sources.links')}</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((line) => {
            const query = line.tag ? `?src=${encodeURIComponent(line.tag)}` : '';
            return (
              <tr key={line.tag ?? 'none'}>
                <td>{line.tag ? <code>{line.tag}</code> : t('sources.none')}</td>
                <td>{line.label}</td>
                <td>
                  <a href={ctx.href(`/admin/members?status=subscribed${line.tag ? `&source=${encodeURIComponent(line.tag)}` : ''}`)}>
                    {formatNumber(locale, line.subscribed)}
                  </a>
                </td>
                <td>{formatNumber(locale, line.total)}</td>
                <td>
                  {line.tag && (
                    <span class="link-list">
                      <a href={`/${locale}/join/slide${query}`}>{t('sources.slide')}</a> <a href={`/${locale}/join/qr.svg${query}`}>SVG</a>{' '}
                      <a href={`/${locale}/join/qr.png${query}`}>PNG</a> <code dir="ltr">{`${publicUrl}/${locale}/join${query}`}</code>
                    </span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {ctx.staff?.role !== 'viewer' && (
        <section class="panel" aria-labelledby="new-source">
          <h2 id="new-source">{t('sources.create')}</h2>
          {error && (
            <p class="notice notice--error" role="alert">
              {error}
            </p>
          )}
          <form method="post" action={ctx.href('/admin/sources')} class="form">
            <CsrfField ctx={ctx} />
            <label for="tag">{t('sources.tag')}</label>
            <input id="tag" name="tag" type="text" required maxLength={64} pattern="[A-Za-z0-9][A-Za-z0-9_\-]*" dir="ltr" aria-describedby="tag-hint" />
            <p id="tag-hint" class="hint">
              {t('sources.tagHint')}
            </p>
            <label for="label">{t('sources.label')}</label>
            <input id="label" name="label" type="text" maxLength={200} />
            <button type="submit" class="button">
              {t('sources.createButton')}
            </button>
          </form>
        </section>
      )}
    </AdminLayout>
  );
}

async function sourceLines(deps: AppDeps, networkId: number): Promise<SourceLine[]> {
  const [created, counts] = await Promise.all([listSources(deps.db, networkId), countBySource(deps.db, networkId)]);
  const lines: SourceLine[] = created.map((s) => ({ tag: s.tag, label: s.label, ...(counts.get(s.tag) ?? { total: 0, subscribed: 0 }) }));
  const known = new Set(created.map((s) => s.tag));
  for (const [tag, count] of counts) if (tag === null || !known.has(tag)) lines.push({ tag, label: '', ...count });
  return lines;
}

/** GET /admin/sources — tagged links with their QR codes, and members by source. */
export function sourcesPage(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const lines = await sourceLines(deps, (await requireNetwork(deps)).id);
    return reply.page(<SourcesPage ctx={pageContext(request, reply)} lines={lines} publicUrl={deps.config.publicUrl} />);
  };
}

/** POST /admin/sources — creates a tagged link. */
export function createSourceSubmit(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const networkId = (await requireNetwork(deps)).id;
    const parsed = sourceForm.safeParse(request.body ?? {});
    const known = parsed.success && (await listSources(deps.db, networkId)).some((s) => s.tag === parsed.data.tag);
    if (!parsed.success || known) {
      const ctx = pageContext(request, reply);
      const error = known ? ctx.t('sources.exists') : ctx.t('member.invalid.source');
      return reply.page(<SourcesPage ctx={ctx} lines={await sourceLines(deps, networkId)} publicUrl={deps.config.publicUrl} error={error} />, 400);
    }
    const actor = actorOf(request);
    await insertSource(deps.db, { networkId, tag: parsed.data.tag, label: parsed.data.label, createdBy: actor.label }, deps.clock.now());
    await recordAudit(deps, actor, 'source.create', `source:${parsed.data.tag}`);
    return reply.redirect(`/${request.locale}/admin/sources`, 303);
  };
}
