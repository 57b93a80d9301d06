import { parseArgs } from 'node:util';
import type { Config } from '../config/config.ts';
import { cliActor } from '../domains/audit/audit.service.ts';
import { createStaffAccount } from '../domains/auth/auth.service.ts';
import { type StaffRole, staffRoles } from '../domains/auth/auth.table.ts';
import { openRuntime } from '../runtime.ts';
import { UsageError } from './usage-error.ts';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** `plenary admin create --email E --name N [--role R] [--password-stdin]` */
export async function adminCreate(config: Config, args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string', default: 'owner' },
      'password-stdin': { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (!values.email) throw new UsageError('admin create: --email is required');
  if (!values.name) throw new UsageError('admin create: --name is required');
  if (!(staffRoles as readonly string[]).includes(values.role ?? '')) throw new UsageError(`admin create: --role must be one of ${staffRoles.join(', ')}`);
  const password = values['password-stdin'] ? await readStdin() : undefined;

  const runtime = await openRuntime(config);
  try {
    const { account, setPasswordToken } = await createStaffAccount(runtime.deps, cliActor, {
      email: values.email,
      name: values.name,
      role: values.role as StaffRole,
      password,
    });
    process.stdout.write(`Created ${account.role} ${account.email}\n`);
    if (setPasswordToken) {
      process.stdout.write(`Set a password within 72 hours: ${config.publicUrl}/admin/set-password/${setPasswordToken}\n`);
    }
  } finally {
    await runtime.close();
  }
}
