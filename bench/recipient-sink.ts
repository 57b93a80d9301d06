// The relay of the scale-out benchmark: one Postfix `smtp-sink` per worker, each on its own loopback port,
// dumping every transaction's envelope (-D) so the bench can count messages per recipient afterwards, and
// counting messages as they arrive (-c). Counting recipients, not Message-IDs, is what finds a duplicate: a
// delivery sent again after a crash is composed again, with a new Message-ID, to the same member. smtp-sink is
// C and cheap; an in-process smtp-server cost this machine 0.3 ms of CPU a message, a quarter of the send's.
// Not part of the app; nothing under src/ imports it.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';

export const sinkBin = '/usr/sbin/smtp-sink';

export interface SinkTally {
  /** Messages for each recipient (lower-cased address), over every port. */
  perRecipient: Map<string, number>;
  /** For each recipient, the ports (by index) that received a message for it. */
  ports: Map<string, Set<number>>;
}

export interface RecipientSink {
  ports: number[];
  /** The smtp-sink processes, to read their CPU time. */
  pids: number[];
  /** Messages each port has accepted so far (smtp-sink's running counter). */
  messages(): number[];
  /** From now on, `tally()` counts only what arrives after this call (a warm-up send before the timed one). */
  mark(): void;
  /** Reads the dumps since the last mark: every recipient of every accepted message. */
  tally(): Promise<SinkTally>;
  close(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Starts `smtp-sink -c -u nobody -D DUMP 127.0.0.1:PORT 1000` and follows its counter. */
async function startOne(dir: string, index: number) {
  const port = await freePort();
  const dump = path.join(dir, `port-${index}.dump`);
  const child: ChildProcess = spawn(sinkBin, ['-c', '-u', 'nobody', '-D', dump, `127.0.0.1:${port}`, '1000'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let messages = 0;
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    const counts = chunk.toString().match(/mesg=(\d+)/g);
    if (counts) messages = Number(counts[counts.length - 1]!.slice(5));
  });
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk));
  for (let i = 0; !(await listening(port)); i++) {
    if (child.exitCode !== null || i > 100) throw new Error(`smtp-sink did not start on ${port}: ${stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { port, dump, child, messages: () => messages };
}

/** Counts the recipients in one dump: each transaction starts with X-Rcpt-Args: <address> lines. */
async function readDump(file: string, start: number, index: number, tally: SinkTally): Promise<void> {
  if (!fs.existsSync(file)) return;
  const lines = readline.createInterface({ input: fs.createReadStream(file, { start }), crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of lines) {
    if (!line.startsWith('X-Rcpt-Args: <')) continue;
    const address = line.slice(14, line.indexOf('>', 14)).toLowerCase();
    tally.perRecipient.set(address, (tally.perRecipient.get(address) ?? 0) + 1);
    const ports = tally.ports.get(address) ?? new Set<number>();
    ports.add(index);
    tally.ports.set(address, ports);
  }
}

/** One smtp-sink per port, dumping into a fresh directory (removed on close). */
export async function startRecipientSink(portCount: number): Promise<RecipientSink> {
  if (!fs.existsSync(sinkBin)) throw new Error(`${sinkBin} not found: apt-get install postfix (the daemon need not run)`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plenary-scale-out-sink-'));
  fs.chmodSync(dir, 0o777); // smtp-sink writes as nobody
  const sinks: Awaited<ReturnType<typeof startOne>>[] = [];
  for (let i = 0; i < portCount; i++) sinks.push(await startOne(dir, i));
  // smtp-sink writes a transaction to its dump when it accepts it, so a file's size marks a point between sends.
  let marks = sinks.map(() => 0);
  return {
    ports: sinks.map((s) => s.port),
    pids: sinks.map((s) => s.child.pid!),
    messages: () => sinks.map((s) => s.messages()),
    mark() {
      marks = sinks.map((s) => (fs.existsSync(s.dump) ? fs.statSync(s.dump).size : 0));
    },
    async tally() {
      const tally: SinkTally = { perRecipient: new Map(), ports: new Map() };
      for (const [i, s] of sinks.entries()) await readDump(s.dump, marks[i]!, i, tally);
      return tally;
    },
    async close() {
      for (const s of sinks) {
        if (s.child.exitCode !== null) continue;
        const exited = new Promise((resolve) => s.child.once('exit', resolve));
        s.child.kill('SIGTERM');
        await exited;
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
