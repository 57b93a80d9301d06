import { parseArgs } from 'node:util';
import type { Config } from '../config/config.ts';
import { createApiToken, listApiTokens, revokeApiToken } from '../domains/api/api-token.service.ts';
import { type ApiTokenRole, apiTokenRoles } from '../domains/api/api-token.table.ts';
import { cliActor } from '../domains/audit/audit.service.ts';
import { isAppError } from '../errors/app-error.ts';
import { openRuntime } from '../runtime.ts';
import { UsageError } from './usage-error.ts';

const usage = 'plenary token create --name N --role editor|viewer | token list | token revoke ID';

/** parseArgs' own mistakes (unknown option, missing value) are usage errors too. */
function parse<T extends Parameters<typeof parseArgs>[0]>(command: string, config: T) {
  try {
    return parseArgs(config);
  } catch (error) {
    throw new UsageError(`token ${command}: ${(error as Error).message} (usage: ${usage})`);
  }
}

/**
 * `plenary token create|list|revoke`: API tokens from the command line. `create` prints the token
 * alone on stdout, so a script can capture it (`TOKEN=$(plenary token create …)`).
 */
export async function tokenCommand(config: Config, args: string[]): Promise<void> {
  const [command, ...rest] = args;
  if (command === 'create') {
    const { values } = parse('create', { args: rest, options: { name: { type: 'string' }, role: { type: 'string' } }, strict: true, allowPositionals: false });
    const name = typeof values.name === 'string' ? values.name.trim() : '';
    if (!name) throw new UsageError('token create: --name is required');
    if (name.length > 100) throw new UsageError('token create: --name must be at most 100 characters');
    if (!(apiTokenRoles as readonly string[]).includes(String(values.role)))
      throw new UsageError(`token create: --role must be one of ${apiTokenRoles.join(', ')}`);
    const runtime = await openRuntime(config);
    try {
      const { token } = await createApiToken(runtime.deps, cliActor, { name, role: values.role as ApiTokenRole });
      process.stdout.write(`${token}\n`);
    } finally {
      await runtime.close();
    }
    return;
  }
  if (command === 'list') {
    parse('list', { args: rest, options: {}, strict: true, allowPositionals: false });
    const runtime = await openRuntime(config);
    try {
      const rows = await listApiTokens(runtime.deps);
      if (rows.length === 0) {
        process.stdout.write('No API tokens.\n');
        return;
      }
      const lines = rows.map((r) =>
        [String(r.id), r.name, r.role, r.created_at, r.last_used_at ?? 'never used', r.revoked_at ? `revoked ${r.revoked_at}` : 'active'].join('\t'),
      );
      process.stdout.write(`${['id', 'name', 'role', 'created', 'last used', 'status'].join('\t')}\n${lines.join('\n')}\n`);
    } finally {
      await runtime.close();
    }
    return;
  }
  if (command === 'revoke') {
    const { positionals } = parse('revoke', { args: rest, options: {}, strict: true, allowPositionals: true });
    const id = Number(positionals[0]);
    if (positionals.length !== 1 || !Number.isInteger(id) || id <= 0 || id > 2_147_483_647)
      throw new UsageError('token revoke: give one token id (see plenary token list)');
    const runtime = await openRuntime(config);
    try {
      const row = await revokeApiToken(runtime.deps, cliActor, id);
      process.stdout.write(`Revoked token ${row.id} (${row.name}).\n`);
    } catch (error) {
      if (isAppError(error, 'not_found')) throw new Error(`there is no API token with id ${id} (see plenary token list)`);
      throw error;
    } finally {
      await runtime.close();
    }
    return;
  }
  throw new UsageError(`unknown token command "${command ?? ''}" (usage: ${usage})`);
}
