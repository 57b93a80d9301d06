import type { Actor } from '../domains/audit/audit.service.ts';
import { createItem, type RegisterDeps, updateItem } from '../domains/engagements/register.service.ts';
import { demoRegister } from './demo-register.data.ts';

const demoActor: Actor = { staffId: null, label: 'demo' };
const dayMs = 86_400_000;
/** How long before the seed the team started its register: the briefings of the last months read it as it stood. */
export const demoRegisterStartedDaysAgo = 120;

/** The 10th of the calendar month before `now`, 10:00 UTC: within the last full month, which its briefing covers. */
export function demoRegisterMoveDate(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 10, 10));
}

/**
 * Adds the demo risk/opportunity register through the register service, as the team started it four months ago; an
 * item with an earlier state is added in it and moved to its present one, with its reason, during the last full month.
 */
export async function seedDemoRegister(deps: RegisterDeps): Promise<void> {
  const now = deps.clock.now();
  const at = (date: Date): RegisterDeps => ({ ...deps, clock: { now: () => date } });
  const started = at(new Date(now.getTime() - demoRegisterStartedDaysAgo * dayMs));
  for (const { before, ...item } of demoRegister) {
    const first = before ? { ...item, likelihood: before.likelihood, impact: before.impact, trend: before.trend } : item;
    const created = await createItem(started, demoActor, { ...first, reason: 'Demo network' });
    if (before) {
      const moved = at(demoRegisterMoveDate(now));
      await updateItem(moved, demoActor, created.id, { likelihood: item.likelihood, impact: item.impact, trend: item.trend, reason: before.reason });
    }
  }
}
