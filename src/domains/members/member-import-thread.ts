/**
 * Runs the reading half of a CSV import in a worker thread, so that on a machine with two cores parsing and
 * validating the next rows overlaps writing the previous ones. The worker gets exactly the same input and
 * settings and runs exactly the same code (readImportBatches) as the importing thread would; only where it runs
 * differs, so the report and the rows written are the same (member-import-thread.test.ts compares both).
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AppError, type AppErrorCode } from '../../errors/app-error.ts';
import { type ImportInput, type ReadSettings, readImportBatches, type ValidatedBatch } from './member-import-rows.ts';

/** What the importing thread posts to the worker. */
export type ToReadingThread = { type: 'chunk'; chunk: Uint8Array | string } | { type: 'end' } | { type: 'erased'; hashes: string[] } | { type: 'taken' };

/**
 * A ValidatedBatch as the worker posts it: its many short strings joined into a few long ones and its numbers in
 * typed arrays, since copying a message costs per value (a candidate's address and key never hold a line break:
 * the address module refuses control characters).
 */
export interface PackedBatch extends Omit<ValidatedBatch, 'candidates'> {
  candidates: { rows: Int32Array; emails: string; keys: string; given: Uint8Array; columns: string };
}

/** The batch as the worker posts it. */
export function packBatch(batch: ValidatedBatch): PackedBatch {
  const c = batch.candidates;
  return {
    ...batch,
    candidates: { rows: Int32Array.from(c.rows), emails: c.emails.join('\n'), keys: c.keys.join('\n'), given: Uint8Array.from(c.given), columns: c.columns },
  };
}

function unpackBatch(batch: PackedBatch): ValidatedBatch {
  const c = batch.candidates;
  const lines = (text: string) => (c.rows.length === 0 ? [] : text.split('\n'));
  return { ...batch, candidates: { rows: Array.from(c.rows), emails: lines(c.emails), keys: lines(c.keys), given: Array.from(c.given), columns: c.columns } };
}

/** What the worker posts back. */
export type ToImportingThread =
  | { type: 'batch'; batch: PackedBatch }
  | { type: 'done' }
  | { type: 'error'; code: AppErrorCode; details: Record<string, string | number> }
  | { type: 'error'; code?: undefined; message: string; stack?: string };

/** Batches the worker may post before the importing thread has taken them: enough to keep both busy, few enough to bound memory. */
const ahead = 4;

/**
 * The worker's code: member-import.worker.ts and the modules it imports, bundled into one ES module by the
 * esbuild that tsx runs on, once per process (about 0.1 s, in esbuild's own process). A worker thread does not
 * inherit tsx; registering it there costs about 0.4 s more at every start, and its module loads then queue on
 * the loader thread this thread shares, which stalled this thread's own loads. Packages stay outside the bundle,
 * imported by absolute URL; each file's import.meta.url stays its own, so what it reads beside itself is found.
 */
let workerCode: Promise<string> | undefined;

function bundleWorker(): Promise<string> {
  workerCode ??= (async () => {
    const esbuild = createRequire(import.meta.resolve('tsx'))('esbuild') as typeof import('esbuild');
    const result = await esbuild.build({
      entryPoints: [fileURLToPath(new URL('./member-import.worker.ts', import.meta.url))],
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: `node${process.versions.node}`,
      write: false,
      logLevel: 'silent',
      plugins: [
        {
          name: 'plenary-worker',
          setup(build) {
            // Resolved from this file: every source file of the project resolves packages from the same node_modules.
            build.onResolve({ filter: /^[^./]/ }, (args) => ({
              path: args.path.startsWith('node:') ? args.path : import.meta.resolve(args.path),
              external: true,
            }));
            build.onLoad({ filter: /\.ts$/ }, async (args) => {
              const values: Record<string, string> = { url: pathToFileURL(args.path).href, dirname: path.dirname(args.path), filename: args.path };
              const source = await fs.promises.readFile(args.path, 'utf8');
              // Not inside a string (this very file's pattern, when bin/bundle.js bundles it, stays as written).
              return {
                contents: source.replace(/(?<![\w'"`.$])import\.meta\.(url|dirname|filename)\b/g, (_, name: string) => JSON.stringify(values[name])),
                loader: 'ts',
              };
            });
          },
        },
      ],
    });
    return result.outputFiles[0]?.text ?? '';
  })();
  return workerCode;
}

/** Starts bundling the worker's code now, so that it is ready when the import starts (a CLI opening its database meanwhile). */
export function prepareReadingThread(): void {
  bundleWorker().catch(() => {
    // readInWorker bundles again and reports the failure where the import can say so.
    workerCode = undefined;
  });
}

/** Where rows are read and validated: here (small files), or in a worker thread (large ones). */
export type ReadingThread = 'here' | 'worker';

/** readImportBatches, run here or in a worker thread. */
export function readBatches(
  thread: ReadingThread,
  input: ImportInput,
  settings: ReadSettings,
  erased: Promise<ReadonlySet<string>>,
): AsyncGenerator<ValidatedBatch> {
  return thread === 'worker' ? readInWorker(input, settings, erased) : readImportBatches(input, settings, erased);
}

type Event = { type: 'message'; message: ToImportingThread } | { type: 'failed'; error: unknown };

async function* readInWorker(input: ImportInput, settings: ReadSettings, erased: Promise<ReadonlySet<string>>): AsyncGenerator<ValidatedBatch> {
  const worker = new Worker(await bundleWorker(), { eval: true, workerData: { settings, ahead } });
  const events: Event[] = [];
  let wake: (() => void) | undefined;
  const push = (event: Event) => {
    events.push(event);
    // Resumed from the check phase, not inside the message callback: Node delivers every message that arrives
    // while it runs its callbacks in one go, and the worker stays ahead, so the import would run to its end in
    // one turn of the event loop and starve timers and requests.
    if (wake) setImmediate(wake);
    wake = undefined;
  };
  worker.on('message', (message: ToImportingThread) => push({ type: 'message', message }));
  worker.on('error', (error) => push({ type: 'failed', error }));
  worker.on('exit', (code) => push({ type: 'failed', error: new Error(`the import's reading thread stopped (exit code ${code})`) }));
  const send = (message: ToReadingThread) => worker.postMessage(message);
  void feed(input, send).catch((error: unknown) => push({ type: 'failed', error }));
  erased.then(
    (set) => send({ type: 'erased', hashes: [...set] }),
    (error: unknown) => push({ type: 'failed', error }),
  );
  try {
    for (;;) {
      const event = events.shift();
      if (!event) {
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      if (event.type === 'failed') throw event.error;
      const { message } = event;
      if (message.type === 'done') return;
      if (message.type === 'error') throw revive(message);
      yield unpackBatch(message.batch);
      send({ type: 'taken' });
    }
  } finally {
    worker.removeAllListeners();
    await worker.terminate();
  }
}

/** Posts the input to the worker as it arrives (a file stream, bytes or text). */
async function feed(input: ImportInput, send: (message: ToReadingThread) => void): Promise<void> {
  if (typeof input === 'string' || input instanceof Uint8Array) send({ type: 'chunk', chunk: input });
  else for await (const chunk of input) send({ type: 'chunk', chunk });
  send({ type: 'end' });
}

/** The error the worker reported, as the reading half threw it: an AppError keeps its code and details. */
function revive(message: Extract<ToImportingThread, { type: 'error' }>): Error {
  if (message.code !== undefined) return new AppError(message.code, message.details);
  const error = new Error(message.message);
  if (message.stack) error.stack = message.stack;
  return error;
}
