// Announcement delivery at scale: N personalised, DKIM-signed messages into Postfix's smtp-sink, end to end,
// sent by a `plenary worker` process as in production; against the issue's target of ≥ 2,500 messages/s with
// the sending process's peak memory ≤ 150 MB; and the raw SMTP ceiling of the same machine (smtp-source into
// the same smtp-sink) in the same run.
//
// Run: node --import tsx bench/delivery.ts [N ...] [--sizes=short,long] [--runs=3] [--connections=8] [--batch=200]
//      [--port=2526] [--quiet-wait=180] [--no-raw] [--raw-only] [--keep] [--node-args="…"] [--worker-log=FILE]
// Profile the worker: node --import tsx bench/delivery.ts 20000 --runs=1 --no-raw --node-args="--cpu-prof --cpu-prof-dir=/tmp/prof"
//                     node --import tsx bench/cpu-profile.ts /tmp/prof/CPU.*.0.001.cpuprofile 30
// Needs Debian's postfix package for /usr/sbin/smtp-sink and /usr/sbin/smtp-source (the bench starts and stops
// its own smtp-sink on 127.0.0.1:PORT; the postfix daemon is not used).
//
// For each N and message size: a fresh SQLite file in the OS temp dir, migrated, with the demo network and N
// subscribed members (names in several scripts, six languages, ~2 % IDN domains) and a new RSA-2048 DKIM key.
// Each run: an announcement (an English default and variants in the five other languages; short: about 2 KB
// of text and HTML parts, long: about 5 KB), its mean size on the wire measured first (300 of its messages
// through the same transport into an in-process smtp-server); then `plenary worker` is started as a child
// process with SMTP_URL pointing at smtp-sink, and once the rest of the machine is quiet (or after
// --quiet-wait seconds) this process calls sendAnnouncement() and polls every 20 ms until the announcement
// is `sent`. A delivery is recorded sent only on the relay's 250, so the clock stops after the last message
// was accepted; it includes the worker's poll (every 500 ms) finding the start job. smtp-sink's own counter
// confirms N arrived. The worker's CPU (all its threads: main, libuv's pool signing, GC) and smtp-sink's are
// read from /proc before and after; the worker's peak RSS is the kernel's VmHWM, reset just before the send,
// cross-checked by sampling its VmRSS every 50 ms. The worker stops (SIGTERM) after each run.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { SMTPServer } from 'smtp-server';
import { systemClock } from '../src/clock.ts';
import { loadConfig } from '../src/config/config.ts';
import { createDb } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrator.ts';
import { seedDemoNetwork } from '../src/demo/demo-network.ts';
import * as announcements from '../src/domains/announcements/announcement.service.ts';
import type { AnnouncementRow } from '../src/domains/announcements/announcement.table.ts';
import { composeAnnouncement, prepareVariants } from '../src/domains/announcements/announcement-composer.tsx';
import { cliActor } from '../src/domains/audit/audit.service.ts';
import { generateDkimKey } from '../src/domains/delivery/dkim.ts';
import { smtpTransport } from '../src/domains/delivery/smtp-transport.ts';
import { memberColumns, newMemberRow } from '../src/domains/members/member-record.ts';
import { memberStates } from '../src/domains/members/member-states.data.ts';
import { findCurrentNetwork } from '../src/domains/site/site.repository.ts';
import type { NetworkRow } from '../src/domains/site/site.table.ts';
import { assembleDeps } from '../src/runtime.ts';
import { backgroundLoad, median, printMachineFacts, prng, sleep, table } from './machine.ts';

/** Bytes in MB (10^6), the unit of the issue's memory target. */
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;

const repoRoot = path.resolve(import.meta.dirname, '..');
const positional = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const flags = new Map(
  process.argv
    .slice(2)
    .filter((a) => a.startsWith('--'))
    .map((a) => {
      const eq = a.indexOf('=');
      return eq === -1 ? ([a.slice(2), 'true'] as const) : ([a.slice(2, eq), a.slice(eq + 1)] as const);
    }),
);
const counts = positional.length ? positional.map(Number) : [100_000];
const sizes = (flags.get('sizes') ?? 'short,long').split(',') as ('short' | 'long')[];
const connections = Number(flags.get('connections') ?? 8);
const batchSize = Number(flags.get('batch') ?? 200);
const runs = Number(flags.get('runs') ?? 3);
const port = Number(flags.get('port') ?? 2526);
const keep = flags.has('keep');
// Node flags for the worker (e.g. --cpu-prof, --trace-gc, --max-semi-space-size=…), before its script.
const nodeArgs = (flags.get('node-args') ?? '').split(' ').filter(Boolean);
// Where to keep what each worker printed (e.g. with --node-options=--trace-gc), one file a run.
const workerLog = flags.get('worker-log');
// Seconds into the send at which the worker gets SIGUSR2 (with --node-args=--heapsnapshot-signal=SIGUSR2: a heap snapshot).
const signalAt = flags.has('signal-at') ? Number(flags.get('signal-at')) * 1000 : null;
// --smaps-at=SECONDS[:FILE]: a copy of the worker's /proc/<pid>/smaps that far into the send (where its memory is).
const [smapsSeconds, smapsFile = '/tmp/plenary-worker-smaps'] = (flags.get('smaps-at') ?? '').split(':');
const smapsAt = smapsSeconds ? Number(smapsSeconds) * 1000 : null;
// --perf=FILE: Linux perf samples the worker on the CPU during the send (with --node-args=--perf-basic-prof for JS names):
// perf report -i FILE.N-size-run --sort comm,sym. Unlike --cpu-prof it counts only time on a core, per thread.
const perfFile = flags.get('perf');
// --memory-every=SECONDS: print where the worker's RSS is during the send (V8's 256 KiB pages, malloc's heap, other anonymous memory, files).
const memoryEvery = flags.has('memory-every') ? Number(flags.get('memory-every')) * 1000 : null;
// Other sessions may share this machine: before each timed send, wait (up to this long) for the rest of
// the machine to go quiet, and record how busy it was.
const quietWaitMs = Number(flags.get('quiet-wait') ?? 180) * 1000;
const targetRate = 2500;
const targetRssMiB = 150;
const sinkBin = '/usr/sbin/smtp-sink';
const sourceBin = '/usr/sbin/smtp-source';
const secretKey = 'benchmark-secret-key-0123456789abcdefghijklmnop';
const clockTick = 100; // USER_HZ: /proc/<pid>/stat counts CPU time in 1/100 s on Linux

// ---------------------------------------------------------------------------------------------
// The audience.

const latinGiven = ['Anna', 'José', 'Maria', 'François', 'Ngozi', 'Kwame', 'Aroha', 'Søren', 'Zoë', 'Łukasz', 'Tiago', 'Inès', 'Jean-Luc', 'Mateus', 'Amina'];
const latinFamily = [
  'Schmidt',
  'García',
  'Müller',
  'Okafor',
  'Dubois',
  'Nakamura',
  'Silva',
  'Nguyễn',
  'Kowalski',
  'Mensah',
  'Herrera',
  'van der Berg',
  "O'Brien",
];
// Names in the script of each language; the address stays ASCII in the local part, since smtp-sink
// does not offer SMTPUTF8 (a UTF-8 local part would fail by design, see smtp-transport.ts).
const scriptNames: Record<string, string[]> = {
  ar: ['محمد العلي', 'فاطمة حسن', 'ليلى المنصوري', 'أحمد حسن'],
  zh: ['王伟', '李芳', '张娜', '刘静'],
  ru: ['Иван Петров', 'Ольга Смирнова', 'Сергей Кузнецов', 'Наталья Петрова'],
};
const asciiDomains = ['example.org', 'example.com', 'example.net', 'mfa.example.org', 'mission-un.example.net', 'university.example.edu', 'ngo.example.org'];
const idnDomains = ['例子.广告', 'пример.рф', 'bücher.example', 'مثال.إختبار'];
const languages = ['en', 'en', 'en', 'fr', 'fr', 'es', 'es', 'ar', 'ru', 'zh'] as const;
const states = memberStates.slice(0, 120).map((s) => s.code);

/** Seeds N subscribed members in multi-row inserts; returns how many have an IDN domain. */
async function seedMembers(db: Awaited<ReturnType<typeof createDb>>['db'], networkId: number, n: number): Promise<number> {
  const random = prng(20260301);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const now = new Date();
  let idn = 0;
  for (let start = 0; start < n; start += 500) {
    const rows = [];
    for (let i = start; i < Math.min(n, start + 500); i++) {
      const language = pick(languages);
      const given = pick(latinGiven);
      const family = pick(latinFamily);
      const name = scriptNames[language] && random() < 0.7 ? pick(scriptNames[language]!) : `${given} ${family}`;
      const local = `${given}.${family}`
        .normalize('NFD')
        .replace(/[^A-Za-z.-]/g, '')
        .replace(/\.+/g, '.')
        .toLowerCase();
      const useIdn = random() < 0.02;
      if (useIdn) idn++;
      const email = `${local}.${i}@${useIdn ? pick(idnDomains) : pick(asciiDomains)}`;
      const columns = memberColumns({
        email,
        name,
        language,
        memberState: pick(states),
        stakeholderGroup: 'government',
        organisation: 'Ministry of Foreign Affairs',
      });
      rows.push(newMemberRow(networkId, columns, 'subscribed', now, { method: 'import', basis: 'benchmark', version: 'benchmark' }));
    }
    await db.insertInto('members').values(rows).execute();
  }
  return idn;
}

// A short announcement: about 0.5 KB of Markdown becomes text and HTML parts of about 2 KB together;
// with the List-* headers, three signed links and the DKIM signature, about 3.5 KB on the wire.

// A short announcement: about 0.5 KB of Markdown becomes text and HTML parts of about 2 KB together (3.9 KB on the wire).
const shortBody = {
  en: {
    subject: 'WSIS+20: the Zero Draft is out',
    markdown:
      'Dear {{name}},\n\nThe co-facilitators have published the **Zero Draft** of the WSIS+20 outcome document: https://example.org/zero-draft\n\nWe brief delegations on **12 March at 14:00 CET**.',
  },
  fr: {
    subject: 'SMSI+20 : l’avant-projet est publié',
    markdown:
      'Chère, cher {{name}},\n\nLes cofacilitateurs ont publié l’**avant-projet** du document final du SMSI+20 : https://example.org/zero-draft\n\nSéance d’information le **12 mars à 14 h (CET)**.',
  },
  es: {
    subject: 'CMSI+20: ya está el borrador cero',
    markdown:
      'Estimado/a {{name}}:\n\nLos cofacilitadores han publicado el **borrador cero** del documento final de la CMSI+20: https://example.org/zero-draft\n\nSesión informativa el **12 de marzo a las 14:00 CET**.',
  },
  ar: {
    subject: 'القمة العالمية لمجتمع المعلومات +20: صدرت المسودة الأولى',
    markdown: 'عزيزي {{name}}،\n\nنشر الميسّران **المسودة الأولى** للوثيقة الختامية: https://example.org/zero-draft\n\nجلسة إحاطة في **12 مارس**.',
  },
  zh: {
    subject: '信息社会世界峰会+20：零草案已发布',
    markdown: '尊敬的 {{name}}：\n\n共同协调人发布了成果文件的**零草案**：https://example.org/zero-draft\n\n简报会定于 **3 月 12 日**举行。',
  },
  ru: {
    subject: 'ВВУИО+20: опубликован нулевой проект',
    markdown:
      'Уважаемый(ая) {{name}}!\n\nСофасилитаторы опубликовали **нулевой проект** итогового документа: https://example.org/zero-draft\n\nБрифинг **12 марта**.',
  },
};

// A longer one: the short one and a section with a list and a link, about 5 KB on the wire.
const moreParagraphs: Record<keyof typeof shortBody, string> = {
  en: 'The draft covers the **Internet Governance Forum**, the review cycle and financing. Three points matter for the technical community:\n\n- the permanent mandate of the IGF ([paragraph 67](https://example.org/zero-draft#p67));\n- the multistakeholder model in the follow-up process;\n- the role of the national and regional IGF initiatives.\n\nComments are due by **28 March**; send yours to the co-facilitators through your mission, and copy us so we can track what delegations raise.',
  fr: 'Le projet traite du **Forum sur la gouvernance de l’Internet**, du cycle d’examen et du financement. Trois points comptent pour la communauté technique :\n\n- le mandat permanent du FGI ([paragraphe 67](https://example.org/zero-draft#p67)) ;\n- le modèle multipartite dans le suivi ;\n- le rôle des initiatives nationales et régionales du FGI.\n\nLes commentaires sont attendus avant le **28 mars** ; adressez-les aux cofacilitateurs par votre mission, et mettez-nous en copie.',
  es: 'El borrador trata del **Foro para la Gobernanza de Internet**, el ciclo de examen y la financiación. Tres puntos importan a la comunidad técnica:\n\n- el mandato permanente del FGI ([párrafo 67](https://example.org/zero-draft#p67));\n- el modelo de múltiples partes interesadas en el seguimiento;\n- el papel de las iniciativas nacionales y regionales del FGI.\n\nLos comentarios vencen el **28 de marzo**; envíelos a los cofacilitadores a través de su misión, con copia a nosotros.',
  ar: 'يتناول المشروع **منتدى إدارة الإنترنت** ودورة الاستعراض والتمويل. ثلاث نقاط تهم المجتمع التقني:\n\n- الولاية الدائمة للمنتدى ([الفقرة 67](https://example.org/zero-draft#p67))؛\n- نموذج أصحاب المصلحة المتعددين في المتابعة؛\n- دور المبادرات الوطنية والإقليمية للمنتدى.\n\nتُرسل التعليقات قبل **28 مارس** إلى الميسّرين عن طريق بعثتكم، مع نسخة إلينا.',
  zh: '草案涉及**互联网治理论坛**、审查周期和筹资。技术界关注三点：\n\n- 论坛的常设任务（[第67段](https://example.org/zero-draft#p67)）；\n- 后续进程中的多利益攸关方模式；\n- 国家和区域论坛倡议的作用。\n\n意见请于**3月28日**前经贵代表团提交共同协调人，并抄送我们。',
  ru: 'Проект касается **Форума по управлению использованием Интернета**, цикла обзора и финансирования. Для технического сообщества важны три момента:\n\n- постоянный мандат ФУИ ([пункт 67](https://example.org/zero-draft#p67));\n- многосторонняя модель в последующей деятельности;\n- роль национальных и региональных инициатив ФУИ.\n\nЗамечания принимаются до **28 марта**; направляйте их сокоординаторам через ваше представительство, с копией нам.',
};
const longBody = Object.fromEntries(
  Object.entries(shortBody).map(([locale, v]) => {
    const more = moreParagraphs[locale as keyof typeof shortBody];
    return [locale, { subject: v.subject, markdown: `${v.markdown}\n\n${more}` }];
  }),
) as typeof shortBody;

// ---------------------------------------------------------------------------------------------
// smtp-sink and smtp-source.

function portFree(p: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port: p });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

/** CPU seconds (user + system) a process (all its threads) or one of its threads has used, from /proc. */
function cpuSeconds(pid: number, tid?: string): number {
  const stat = fs.readFileSync(tid ? `/proc/${pid}/task/${tid}/stat` : `/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / clockTick;
}

/** CPU seconds of each thread of a process by thread name (node: the main thread; libuv-worker: the pool that signs; V8 workers: GC). */
function threadCpu(pid: number): Map<string, number> {
  const byName = new Map<string, number>();
  for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
    try {
      const name = fs.readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim();
      const key = Number(tid) === pid ? 'main' : name;
      byName.set(key, (byName.get(key) ?? 0) + cpuSeconds(pid, tid));
    } catch {
      // the thread ended meanwhile
    }
  }
  return byName;
}

function procStatus(pid: number, field: 'VmHWM' | 'VmRSS' | 'RssAnon' | 'RssFile'): number {
  const kb = new RegExp(`${field}:\\s+(\\d+) kB`).exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb ?? 0) * 1024;
}

/** The worker's RSS by kind of mapping, from /proc/<pid>/smaps: V8's heap pages are 256 KiB mappings; [heap] is malloc's main arena. */
function memoryParts(pid: number): string {
  const parts = { v8: 0, malloc: 0, otherAnon: 0, files: 0 };
  let kind: keyof typeof parts = 'otherAnon';
  for (const line of fs.readFileSync(`/proc/${pid}/smaps`, 'utf8').split('\n')) {
    const mapping = /^([0-9a-f]+)-([0-9a-f]+) \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (mapping) {
      const size = Number.parseInt(mapping[2]!, 16) - Number.parseInt(mapping[1]!, 16);
      const name = mapping[3] ?? '';
      kind = name === '[heap]' ? 'malloc' : name.startsWith('/') ? 'files' : size === 262_144 ? 'v8' : 'otherAnon';
    } else if (line.startsWith('Rss:')) parts[kind] += Number(line.split(/\s+/)[1]) * 1024;
  }
  return Object.entries(parts)
    .map(([k, v]) => `${k} ${mb(v)}`)
    .join(', ');
}

/** Resets the kernel's peak-RSS mark of a process (Linux ≥ 4.0); false where not allowed. */
function resetPeakRss(pid: number): boolean {
  try {
    fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/** Starts `smtp-sink -c -u nobody 127.0.0.1:PORT 1000`; `messages()` reads its running counter. */
async function startSink(p: number) {
  if (!fs.existsSync(sinkBin)) throw new Error(`${sinkBin} not found: apt-get install postfix (the daemon need not run)`);
  if (!(await portFree(p))) throw new Error(`127.0.0.1:${p} is taken: stop what listens there or pass --port`);
  const child = spawn(sinkBin, ['-c', '-u', 'nobody', `127.0.0.1:${p}`, '1000'], { stdio: ['ignore', 'pipe', 'pipe'] });
  process.once('exit', () => child.kill('SIGKILL'));
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));
  let last = '';
  child.stdout.on('data', (c: Buffer) => {
    const parts = c
      .toString()
      .split(/[\r\n]+/)
      .filter(Boolean);
    if (parts.length) last = parts[parts.length - 1]!;
  });
  for (let i = 0; i < 50 && (await portFree(p)); i++) await sleep(50);
  return {
    pid: child.pid!,
    /** Messages accepted since the sink started ("mesg=" in its -c counter; updated when "." is received). */
    messages: () => Number(/mesg=(\d+)/.exec(last)?.[1] ?? 0),
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}

/**
 * `smtp-source -s 8 -m N -l SIZE 127.0.0.1:PORT`, timed: the raw SMTP ceiling of the machine. Spawned
 * asynchronously: smtp-sink's counter goes to a pipe this process must keep reading, or the sink stalls.
 */
async function rawCeiling(n: number, p: number, length: number, sessions = 8) {
  const args = ['-s', String(sessions), '-m', String(n), '-l', String(length), `127.0.0.1:${p}`];
  const load = os.loadavg()[0]!;
  const start = performance.now();
  const child = spawn(sourceBin, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const seconds = (performance.now() - start) / 1000;
  if (code !== 0) throw new Error(`smtp-source failed: ${stderr}`);
  return { command: `smtp-source ${args.join(' ')}`, seconds, rate: n / seconds, load };
}

// ---------------------------------------------------------------------------------------------
// The database, the worker, one run.

const workerEnv = (dir: string, privateKey: string) => ({
  DATA_DIR: dir,
  PUBLIC_URL: 'https://outreach.example.org',
  MAIL_FROM: 'WSIS+20 Outreach Network <outreach@example.org>',
  BOUNCE_DOMAIN: 'bounces.example.org',
  SMTP_URL: `smtp://127.0.0.1:${port}`,
  SMTP_MAX_CONNECTIONS: String(connections),
  DKIM_DOMAIN: 'example.org',
  DKIM_SELECTOR: 'plenary2026',
  DKIM_PRIVATE_KEY: privateKey,
  DELIVERY_BATCH_SIZE: String(batchSize),
  LOG_LEVEL: 'silent',
  SECRET_KEY: secretKey,
});

/** A fresh SQLite database with the demo network and N subscribed members. */
async function prepareDatabase(n: number) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plenary-bench-delivery-'));
  const handle = await createDb({ dataDir: dir });
  await migrateToLatest(handle.db);
  const key = generateDkimKey();
  const env = workerEnv(dir, key.privateKey);
  const config = loadConfig(env);
  const deps = assembleDeps(config, handle, { clock: systemClock });
  await seedDemoNetwork(deps);
  const network = (await findCurrentNetwork(handle.db))!;
  const seedStart = performance.now();
  const idn = await seedMembers(handle.db, network.id, n);
  process.stdout.write(`  seeded ${n} members (${idn} with an IDN domain) in ${((performance.now() - seedStart) / 1000).toFixed(1)} s\n`);
  return { dir, handle, env, config, deps, network };
}

/** Mean size of a delivered message: 300 members' messages through the SMTP transport into an in-process smtp-server. */
async function wireSize(db: Awaited<ReturnType<typeof prepareDatabase>>, a: AnnouncementRow): Promise<number> {
  let bytes = 0;
  let count = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      stream.on('data', (c: Buffer) => (bytes += c.length));
      stream.on('end', () => {
        count++;
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const transport = smtpTransport({ ...db.config.smtp!, url: `smtp://127.0.0.1:${(server.server.address() as net.AddressInfo).port}`, dkim: db.config.dkim });
  const prepared = prepareVariants(a);
  const sample = await db.deps.db.selectFrom('members').select(['id', 'name', 'email_display', 'language']).orderBy('id').limit(300).execute();
  await Promise.all(
    sample.map((m, i) => transport.send(composeAnnouncement(db.deps, db.network as NetworkRow, a, prepared.get(m.language) ?? prepared.get('en')!, m, i + 1))),
  );
  await transport.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return bytes / count;
}

/** `plenary worker` as a child process, once it says it is running. */
async function startWorker(env: Record<string, string>) {
  // Run as an executable, as `npx plenary worker` is, so that its first line's Node.js flags apply.
  const bin = path.join(repoRoot, 'bin/plenary.js');
  const [command, args] = nodeArgs.length ? [process.execPath, [...nodeArgs, bin, 'worker']] : [bin, ['worker']];
  const child = spawn(command, args, {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Never left behind sending, whatever ends this process.
  const orphan = () => child.kill('SIGKILL');
  process.once('exit', orphan);
  let output = '';
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (c: Buffer) => {
      output += c.toString();
      if (output.includes('is running')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`plenary worker exited (${code}): ${output}`)));
  });
  return {
    pid: child.pid!,
    output: () => output,
    stop: async () => {
      process.off('exit', orphan);
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}

interface RunResult {
  n: number;
  size: string;
  run: number;
  seconds: number;
  rate: number;
  peakRss: number;
  sampledPeakRss: number;
  peakParts: { anon: number; file: number };
  idleRss: number;
  /** Machine-wide CPU use by others over 2 s before the send, in cores. */
  background: number;
  load: number;
  workerCpuMsPerMessage: number;
  /** The worker's CPU per message by thread (main, libuv-worker, V8 workers…). */
  threadCpuMsPerMessage: Record<string, number>;
  sinkCpuMsPerMessage: number;
  sinkMessages: number;
  sent: number;
  avgBytes: number;
}

const bodies = { short: shortBody, long: longBody };

async function run(
  db: Awaited<ReturnType<typeof prepareDatabase>>,
  n: number,
  size: 'short' | 'long',
  runNumber: number,
  sink: Awaited<ReturnType<typeof startSink>>,
): Promise<RunResult> {
  const { en, ...variants } = bodies[size];
  const a = await announcements.createAnnouncement(db.deps, cliActor, { subject: en.subject, markdown: en.markdown, defaultLocale: 'en', variants });
  const avgBytes = await wireSize(db, a);
  const worker = await startWorker(db.env);
  await sleep(1000); // the worker's start-up (migrations check, first polls) settles
  let background = await backgroundLoad(2000);
  for (const until = Date.now() + quietWaitMs; background > 0.25 && Date.now() < until; ) background = await backgroundLoad(2000);
  const load = os.loadavg()[0]!;
  process.stdout.write(`  other CPU use before the send: ${background.toFixed(2)} cores, load average ${load.toFixed(2)}\n`);
  const idleRss = procStatus(worker.pid, 'VmRSS');
  const canReset = resetPeakRss(worker.pid);
  let sampledPeak = idleRss;
  // What the peak was made of: anonymous memory (V8's heaps, malloc) and file pages (the node binary, libraries).
  let peakParts = { anon: procStatus(worker.pid, 'RssAnon'), file: procStatus(worker.pid, 'RssFile') };
  const sampler = setInterval(() => {
    const rss = procStatus(worker.pid, 'VmRSS');
    if (rss > sampledPeak) peakParts = { anon: procStatus(worker.pid, 'RssAnon'), file: procStatus(worker.pid, 'RssFile') };
    sampledPeak = Math.max(sampledPeak, rss);
  }, 50);
  const sinkBefore = sink.messages();
  const workerCpuBefore = cpuSeconds(worker.pid);
  const threadsBefore = threadCpu(worker.pid);
  const sinkCpuBefore = cpuSeconds(sink.pid);

  const perf = perfFile
    ? spawn('perf', ['record', '-F', '499', '-g', '-p', String(worker.pid), '-o', `${perfFile}.${n}-${size}-${runNumber}`], { stdio: 'ignore' })
    : null;
  if (perf) await sleep(500);
  const start = performance.now();
  const signalTimer = signalAt === null ? null : setTimeout(() => process.kill(worker.pid, 'SIGUSR2'), signalAt);
  const smapsTimer =
    smapsAt === null
      ? null
      : setTimeout(() => fs.writeFileSync(`${smapsFile}.${n}-${size}-${runNumber}`, fs.readFileSync(`/proc/${worker.pid}/smaps`)), smapsAt);
  if (memoryEvery !== null) process.stdout.write(`    before the send: ${memoryParts(worker.pid)}\n`);
  const memoryTimer =
    memoryEvery === null
      ? null
      : setInterval(() => process.stdout.write(`    ${((performance.now() - start) / 1000).toFixed(1)} s: ${memoryParts(worker.pid)}\n`), memoryEvery);
  await announcements.sendAnnouncement(db.deps, cliActor, a.id);
  let status = 'sending';
  const deadline = Date.now() + Math.max(120_000, n * 10);
  while (status !== 'sent' && Date.now() < deadline) {
    await sleep(20);
    status = (await db.handle.db.selectFrom('announcements').select('status').where('id', '=', a.id).executeTakeFirstOrThrow()).status;
  }
  const seconds = (performance.now() - start) / 1000;
  const workerCpu = cpuSeconds(worker.pid) - workerCpuBefore;
  const threads = [...threadCpu(worker.pid)].map(([name, cpu]) => [name, ((cpu - (threadsBefore.get(name) ?? 0)) * 1000) / n] as const);
  const sinkCpu = cpuSeconds(sink.pid) - sinkCpuBefore;
  clearInterval(sampler);
  if (signalTimer) clearTimeout(signalTimer);
  if (smapsTimer) clearTimeout(smapsTimer);
  if (perf) {
    perf.kill('SIGINT');
    await new Promise((r) => perf.once('exit', r));
  }
  if (memoryTimer) clearInterval(memoryTimer);
  sampledPeak = Math.max(sampledPeak, procStatus(worker.pid, 'VmRSS'));
  const peakRss = canReset ? procStatus(worker.pid, 'VmHWM') : sampledPeak;
  await worker.stop();
  if (workerLog) fs.writeFileSync(`${workerLog}.${n}-${size}-${runNumber}`, worker.output());
  await sleep(300); // smtp-sink updates its counter when "." is received; give the last ones a moment
  const progress = await announcements.announcementProgress(db.deps, a.id);
  const sinkMessages = sink.messages() - sinkBefore;
  if (status !== 'sent' || progress.counts.sent !== n) {
    process.stdout.write(`  NOT FINISHED: status ${status}, counts ${JSON.stringify(progress.counts)}\n${worker.output()}\n`);
    process.exitCode = 1;
  }
  return {
    n,
    size,
    run: runNumber,
    seconds,
    rate: n / seconds,
    peakRss,
    sampledPeakRss: sampledPeak,
    peakParts,
    idleRss,
    background,
    load,
    workerCpuMsPerMessage: (workerCpu * 1000) / n,
    threadCpuMsPerMessage: Object.fromEntries(threads.filter(([, ms]) => ms >= 0.001)),
    sinkCpuMsPerMessage: (sinkCpu * 1000) / n,
    sinkMessages,
    sent: progress.counts.sent,
    avgBytes,
  };
}

// ---------------------------------------------------------------------------------------------

await printMachineFacts('Plenary announcement delivery benchmark');
process.stdout.write(
  `plenary worker (bin/plenary.js worker${nodeArgs.length ? ` under node ${nodeArgs.join(' ')}` : ', with the Node.js flags of its first line'}: the bundle of src/, or tsx where none can be made), UV_THREADPOOL_SIZE=${process.env.UV_THREADPOOL_SIZE ?? '4 (default)'}, SMTP_MAX_CONNECTIONS=${connections}, DELIVERY_BATCH_SIZE=${batchSize}, DKIM rsa-sha256 (2048-bit)\n\n`,
);

const sink = await startSink(port);
const results: RunResult[] = [];
const ceilings: { n: number; size: string; command: string; seconds: number; rate: number; load: number }[] = [];
try {
  for (const n of counts) {
    const db = flags.has('raw-only') ? null : await prepareDatabase(n);
    for (const size of sizes) {
      let bytes = size === 'short' ? 3900 : 7000;
      if (db) {
        for (let r = 1; r <= runs; r++) {
          process.stdout.write(`N=${n}, ${size} message, run ${r}/${runs}\n`);
          const result = await run(db, n, size, r, sink);
          results.push(result);
          bytes = result.avgBytes;
          process.stdout.write(
            `  ${result.rate.toFixed(0)} messages/s, ${result.seconds.toFixed(2)} s, worker CPU ${result.workerCpuMsPerMessage.toFixed(3)} ms/message (${Object.entries(
              result.threadCpuMsPerMessage,
            )
              .map(([t, ms]) => `${t} ${ms.toFixed(3)}`)
              .join(
                ', ',
              )}), smtp-sink ${result.sinkCpuMsPerMessage.toFixed(3)} ms/message, worker peak RSS ${mb(result.peakRss)} (sampled ${mb(result.sampledPeakRss)}: anonymous ${mb(result.peakParts.anon)}, files ${mb(result.peakParts.file)}; idle before ${mb(result.idleRss)}), sink accepted ${result.sinkMessages}, ~${result.avgBytes.toFixed(0)} bytes/message\n`,
          );
        }
      }
      if (!flags.has('no-raw')) {
        // smtp-source's -l is the body length; its own headers add ~200 bytes: the same size on the wire as Plenary's.
        for (let r = 1; r <= runs; r++) {
          const ceiling = await rawCeiling(n, port, Math.max(512, Math.round(bytes) - 200));
          ceilings.push({ n, size, ...ceiling });
          process.stdout.write(
            `  raw ceiling: ${ceiling.command}: ${ceiling.seconds.toFixed(2)} s, ${ceiling.rate.toFixed(0)} messages/s (load ${ceiling.load.toFixed(2)})\n`,
          );
        }
      }
    }
    if (db) {
      await db.deps.mail.close();
      await db.handle.close();
      if (!keep) fs.rmSync(db.dir, { recursive: true, force: true });
      else process.stdout.write(`  kept ${db.dir}\n`);
    }
  }
} finally {
  await sink.stop();
}

process.stdout.write('\n');
if (results.length) {
  process.stdout.write(
    table(
      [
        'N',
        'size',
        'run',
        'wall s',
        'messages/s',
        'worker CPU ms/msg',
        'sink CPU ms/msg',
        'peak RSS',
        'idle RSS',
        'others',
        'load',
        'bytes/msg',
        'sink accepted',
      ],
      results.map((r) => [
        r.n,
        r.size,
        r.run,
        r.seconds.toFixed(2),
        r.rate.toFixed(0),
        r.workerCpuMsPerMessage.toFixed(3),
        r.sinkCpuMsPerMessage.toFixed(3),
        mb(r.peakRss),
        mb(r.idleRss),
        r.background.toFixed(2),
        r.load.toFixed(2),
        r.avgBytes.toFixed(0),
        r.sinkMessages,
      ]),
    ),
  );
}
const groups = [...new Set([...results, ...ceilings].map((r) => `${r.n} ${r.size}`))];
process.stdout.write('\nmedians (raw ceiling: smtp-source → smtp-sink, same machine, same run, the same size on the wire):\n');
process.stdout.write(
  table(
    ['N', 'size', 'messages/s', 'worker CPU ms/msg', 'peak RSS', 'raw ceiling/s', 'ratio', `≥ ${targetRate}/s`, `≤ ${targetRssMiB} MB`],
    groups.map((g) => {
      const own = results.filter((r) => `${r.n} ${r.size}` === g);
      const raw = ceilings.filter((c) => `${c.n} ${c.size}` === g);
      const rate = own.length ? median(own.map((r) => r.rate)) : Number.NaN;
      const ceiling = raw.length ? median(raw.map((c) => c.rate)) : Number.NaN;
      const rss = own.length ? median(own.map((r) => r.peakRss)) : Number.NaN;
      return [
        g.split(' ')[0]!,
        g.split(' ')[1]!,
        rate.toFixed(0),
        own.length ? median(own.map((r) => r.workerCpuMsPerMessage)).toFixed(3) : '',
        own.length ? mb(rss) : '',
        ceiling.toFixed(0),
        own.length && raw.length ? `${((rate / ceiling) * 100).toFixed(0)} %` : '',
        own.length ? (rate >= targetRate ? 'yes' : 'NO') : '',
        own.length ? (rss <= targetRssMiB * 1e6 ? 'yes' : 'NO') : '',
      ];
    }),
  ),
);
