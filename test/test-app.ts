import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../src/app.ts';
import type { AppDeps } from '../src/app-deps.ts';
import { manualClock } from '../src/clock.ts';
import { type Config, loadConfig } from '../src/config/config.ts';
import type { Dialect } from '../src/db/database.ts';
import { seedDemoNetwork } from '../src/demo/demo-network.ts';
import { cliActor } from '../src/domains/audit/audit.service.ts';
import { createStaffAccount } from '../src/domains/auth/auth.service.ts';
import type { StaffRole } from '../src/domains/auth/auth.table.ts';
import { JobRunner } from '../src/jobs/job-runner.ts';
import { assembleDeps } from '../src/runtime.ts';
import { createTestDatabase, type TestDatabase } from './dialects.ts';

export const testPassword = 'correct horse battery staple';

export interface TestApp {
  app: FastifyInstance;
  deps: AppDeps;
  database: TestDatabase;
  clock: ReturnType<typeof manualClock>;
  /** Runs every job that is due, as a worker would. */
  runJobs(): Promise<number>;
  /** Creates a staff account with `testPassword` and returns a client signed in as it. */
  signedInClient(role: StaffRole, email?: string): Promise<TestClient>;
  close(): Promise<void>;
}

/** The app on a fresh database of `dialect`, with the demo network seeded and a movable clock. */
export async function createTestApp(dialect: Dialect, env: Record<string, string> = {}): Promise<TestApp> {
  const database = await createTestDatabase(dialect);
  const clock = manualClock(new Date());
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'plenary-data-'));
  const config: Config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...env });
  const deps = assembleDeps(config, database.handle, { clock, secretKey: 'test-secret-key-with-enough-length-0123456789' });
  await seedDemoNetwork(deps);
  const app = await buildApp(deps);
  const runner = new JobRunner({ db: deps.db, dialect: deps.dialect, clock, queue: deps.queue });
  return {
    app,
    deps,
    database,
    clock,
    async runJobs() {
      let n = 0;
      while (await runner.runOnce()) n++;
      return n;
    },
    async signedInClient(role, email = `${role}@example.org`) {
      await createStaffAccount(deps, cliActor, { email, name: `Test ${role}`, role, password: testPassword });
      const client = new TestClient(app);
      await client.signIn(email, testPassword);
      return client;
    },
    async close() {
      await app.close();
      await deps.mail.close();
      await database.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A browser-like client for app.inject(): keeps cookies and reads CSRF tokens from forms. */
export class TestClient {
  readonly cookies = new Map<string, string>();
  constructor(private readonly app: FastifyInstance) {}

  private remember(response: LightMyRequestResponse): LightMyRequestResponse {
    for (const c of response.cookies as { name: string; value: string; maxAge?: number; expires?: Date }[]) {
      const expired = c.maxAge === 0 || (c.expires && c.expires.getTime() < Date.now()) || c.value === '';
      if (expired) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    return response;
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    return this.remember(await this.app.inject({ method: 'GET', url, headers: { cookie: this.cookieHeader(), ...headers } }));
  }

  /** Posts a form; `csrfFrom` is a page whose form token to use (omit `_csrf` by passing null). */
  async post(
    url: string,
    form: Record<string, string>,
    options: { csrfFrom?: string | null; headers?: Record<string, string> } = {},
  ): Promise<LightMyRequestResponse> {
    const body = new URLSearchParams(form);
    if (options.csrfFrom !== null) {
      const page = await this.get(options.csrfFrom ?? url);
      const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
      if (token) body.set('_csrf', token);
    }
    return this.remember(
      await this.app.inject({
        method: 'POST',
        url,
        payload: body.toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: this.cookieHeader(), ...options.headers },
      }),
    );
  }

  async signIn(email: string, password: string): Promise<LightMyRequestResponse> {
    const response = await this.post('/en/admin/login', { email, password });
    if (response.statusCode !== 303) throw new Error(`sign-in failed with ${response.statusCode}`);
    return response;
  }
}
