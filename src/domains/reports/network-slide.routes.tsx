import type { FastifyReply, FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import { z } from 'zod';
import type { AppDeps } from '../../app-deps.ts';
import { pageContext } from '../../http/request-context.ts';
import { pickLocalized } from '../../i18n/i18n.ts';
import { joinUrl } from '../members/join.routes.tsx';
import { sourceTag } from '../members/member-record.ts';
import { requireNetwork } from '../site/site.service.ts';
import { withStaticPage } from './headless-chromium.ts';
import { networkSlideFigures, slideSentence, slideSources } from './network-slide.service.ts';
import { type NetworkSlide, NetworkSlidePage, networkSlideHtml } from './network-slide.views.tsx';
import { networkSlidePptx } from './network-slide-pptx.ts';

// Optional: an empty choice or a malformed tag is no source, as on the join slide.
const slideQuery = z.object({ src: sourceTag.optional().catch(undefined) });

/** The QR standard's quiet zone, in modules (as on the join slide). */
const quietZone = 4;

/** The slide for a request: live figures, the sentence in the page's language, the QR code of the join link. */
async function slideOf(deps: AppDeps, request: FastifyRequest): Promise<{ slide: NetworkSlide; source: string | null; networkId: number }> {
  const { src } = slideQuery.parse(request.query ?? {});
  const network = await requireNetwork(deps);
  const name = pickLocalized(network.name, request.locale);
  const figures = await networkSlideFigures(deps, network.id);
  const url = joinUrl(deps, request.locale, src);
  const qrSvg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: quietZone });
  const slide: NetworkSlide = {
    sentence: slideSentence(request.t, figures, name),
    call: request.t('join.slideLine', { network: name }),
    joinUrl: url,
    qrSvg,
    figures,
  };
  return { slide, source: src ?? null, networkId: network.id };
}

const fileName = (request: FastifyRequest, source: string | null, ext: string) => `network-slide-${request.locale}${source ? `-${source}` : ''}.${ext}`;

/** GET /admin/reports/slide?src=TAG — the network slide, full screen. */
export function networkSlidePage(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { slide, source, networkId } = await slideOf(deps, request);
    const sources = await slideSources(deps, networkId);
    // Live figures: a projector left open shows today's after a reload, never a cached copy.
    reply.header('cache-control', 'no-store');
    return reply.page(<NetworkSlidePage ctx={pageContext(request, reply)} slide={slide} sources={sources} source={source} />);
  };
}

/** GET /admin/reports/slide.png?src=TAG — the slide rendered by headless Chromium at 1920×1080. */
export function networkSlidePng(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { slide, source } = await slideOf(deps, request);
    const html = networkSlideHtml(pageContext(request, reply), slide);
    const png = await withStaticPage(html, { viewport: { width: 1920, height: 1080 } }, 'slide_image_unavailable', (page) => page.screenshot({ type: 'png' }));
    return reply
      .type('image/png')
      .header('cache-control', 'no-store')
      .header('content-disposition', `attachment; filename="${fileName(request, source, 'png')}"`)
      .send(png);
  };
}

/** GET /admin/reports/slide.pptx?src=TAG — the slide as one editable PowerPoint slide. */
export function networkSlideSlides(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { slide, source } = await slideOf(deps, request);
    const pptx = await networkSlidePptx(request.locale, slide, slide.sentence);
    return reply
      .type('application/vnd.openxmlformats-officedocument.presentationml.presentation')
      .header('cache-control', 'no-store')
      .header('content-disposition', `attachment; filename="${fileName(request, source, 'pptx')}"`)
      .send(pptx);
  };
}
