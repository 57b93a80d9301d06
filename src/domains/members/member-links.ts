import type { AppDeps } from '../../app-deps.ts';
import { signLink } from '../../security/signed-links.ts';

const day = 24 * 60 * 60 * 1000;
export const linkLifetimes = { confirm: 7 * day, manage: 180 * day, unsubscribe: 365 * day } as const;

/** One signed link for this member, valid for its purpose's lifetime from now. */
export function memberLink(deps: Pick<AppDeps, 'secretKey' | 'clock'>, memberId: number, purpose: keyof typeof linkLifetimes): string {
  return signLink(deps.secretKey, purpose, memberId, new Date(deps.clock.now().getTime() + linkLifetimes[purpose]));
}

/** Signed links to put in an email to this member. */
export function memberLinks(deps: Pick<AppDeps, 'secretKey' | 'clock'>, memberId: number) {
  return {
    confirm: memberLink(deps, memberId, 'confirm'),
    manage: memberLink(deps, memberId, 'manage'),
    unsubscribe: memberLink(deps, memberId, 'unsubscribe'),
  };
}
