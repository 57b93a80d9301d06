import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { AppDeps } from '../app-deps.ts';
import { pendingMigrations } from '../db/migrator.ts';

/** /healthz: the process answers. /readyz: the database answers and its schema is current (503 otherwise). */
export function registerHealthRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    try {
      await sql`select 1`.execute(deps.db);
    } catch (error) {
      return reply.code(503).send({ status: 'unavailable', database: 'unreachable', error: (error as Error).message });
    }
    const pending = await pendingMigrations(deps.db).catch(() => null);
    if (pending === null || pending.length > 0) {
      return reply.code(503).send({ status: 'unavailable', database: 'ok', migrations: 'pending', pending: pending ?? [] });
    }
    return { status: 'ready', database: 'ok', migrations: 'current' };
  });
}
