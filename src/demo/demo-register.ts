import type { Actor } from '../domains/audit/audit.service.ts';
import { createItem, type RegisterDeps } from '../domains/engagements/register.service.ts';
import { demoRegister } from './demo-register.data.ts';

const demoActor: Actor = { staffId: null, label: 'demo' };

/** Adds the demo risk/opportunity register through the register service (each item's history starts with it). */
export async function seedDemoRegister(deps: RegisterDeps): Promise<void> {
  for (const item of demoRegister) await createItem(deps, demoActor, { ...item, reason: 'Demo network' });
}
