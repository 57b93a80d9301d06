/**
 * The worker thread of a CSV import (started by member-import-thread.ts): reads the file the importing thread
 * posts in pieces, runs the reading half (member-import-rows.ts) and posts each batch, at most `ahead` batches
 * before the importing thread has taken them, so a slow database does not pile the whole file up in memory.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { isAppError } from '../../errors/app-error.ts';
import { type ReadSettings, readImportBatches } from './member-import-rows.ts';
import { packBatch, type ToImportingThread, type ToReadingThread } from './member-import-thread.ts';

const port = parentPort;
if (!port) throw new Error('member-import.worker.ts runs as a worker thread');
const { settings, ahead } = workerData as { settings: ReadSettings; ahead: number };

/** A queue of values that arrive as messages, read as an async iterable. */
function inbox<T>() {
  const items: T[] = [];
  let wake: (() => void) | undefined;
  let ended = false;
  return {
    push(item: T) {
      items.push(item);
      wake?.();
    },
    end() {
      ended = true;
      wake?.();
    },
    async *[Symbol.asyncIterator](): AsyncGenerator<T> {
      for (;;) {
        const item = items.shift();
        if (item !== undefined) yield item;
        else if (ended) return;
        else await new Promise<void>((resolve) => (wake = resolve));
      }
    },
  };
}

const input = inbox<Uint8Array | string>();
let erased: (set: ReadonlySet<string>) => void = () => {};
const erasedKeys = new Promise<ReadonlySet<string>>((resolve) => (erased = resolve));
let inFlight = 0;
let taken: (() => void) | undefined;

port.on('message', (message: ToReadingThread) => {
  if (message.type === 'chunk') input.push(message.chunk);
  else if (message.type === 'end') input.end();
  else if (message.type === 'erased') erased(new Set(message.hashes));
  else if (message.type === 'taken') {
    inFlight--;
    taken?.();
  }
});

const post = (message: ToImportingThread) => port.postMessage(message);

try {
  for await (const batch of readImportBatches(input, settings, erasedKeys)) {
    while (inFlight >= ahead) await new Promise<void>((resolve) => (taken = resolve));
    inFlight++;
    post({ type: 'batch', batch: packBatch(batch) });
  }
  post({ type: 'done' });
} catch (error) {
  post(
    isAppError(error)
      ? { type: 'error', code: error.code, details: error.details }
      : { type: 'error', message: error instanceof Error ? error.message : String(error), stack: error instanceof Error ? error.stack : undefined },
  );
}
// The importing thread ends this thread when it has taken the last message.
