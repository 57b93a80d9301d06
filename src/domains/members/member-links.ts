import type { AppDeps } from '../../app-deps.ts';
import { signLink } from '../../security/signed-links.ts';

const day = 24 * 60 * 60 * 1000;
export const linkLifetimes = { confirm: 7 * day, manage: 180 * day, unsubscribe: 365 * day } as const;

/** Signed links to put in an email to this member. */
export function memberLinks(deps: Pick<AppDeps, 'secretKey' | 'clock'>, memberId: number) {
  const now = deps.clock.now().getTime();
  return {
    confirm: signLink(deps.secretKey, 'confirm', memberId, new Date(now + linkLifetimes.confirm)),
    manage: signLink(deps.secretKey, 'manage', memberId, new Date(now + linkLifetimes.manage)),
    unsubscribe: signLink(deps.secretKey, 'unsubscribe', memberId, new Date(now + linkLifetimes.unsubscribe)),
  };
}
