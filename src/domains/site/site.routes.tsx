import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../app-deps.ts';
import { AppError } from '../../errors/app-error.ts';
import { pageContext } from '../../http/request-context.ts';
import { currentNetwork, timeline } from './site.service.ts';
import { HomePage } from './site.views.tsx';

/** GET /{locale}/ — the public home page. */
export function homePage(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const network = await currentNetwork(deps, request.locale);
    if (!network) throw new AppError('not_found');
    const milestones = await timeline(deps, network.id, request.locale);
    return reply.page(<HomePage ctx={pageContext(request, reply)} network={network} milestones={milestones} />);
  };
}
