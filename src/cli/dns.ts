import { createPublicKey } from 'node:crypto';
import { Resolver } from 'node:dns/promises';
import { parseArgs } from 'node:util';
import type { Config } from '../config/config.ts';
import { type MailAlignment, mailAlignment } from '../config/mail-alignment.ts';
import { dkimTxtRecord } from '../domains/delivery/dkim.ts';
import { UsageError } from './usage-error.ts';

/** One record to publish, and what a lookup of it must find. */
export interface DnsRecord {
  purpose: string;
  name: string;
  type: 'MX' | 'TXT';
  value: string;
  /** Whether what the lookup found is this record (or one that does its job). */
  matches(found: string[]): boolean;
}

/** The public key of a PEM private key, base64 DER, as DKIM's p= tag carries it. */
export function dkimPublicKeyOf(privateKeyPem: string): string {
  return createPublicKey(privateKeyPem).export({ type: 'spki', format: 'der' }).toString('base64');
}

const tagsOf = (txt: string) =>
  new Map(
    txt.split(';').map(
      (t) =>
        t
          .trim()
          .split('=')
          .map((s) => s.trim()) as [string, string],
    ),
  );

/** The records this configuration needs: MX and SPF for BOUNCE_DOMAIN, DKIM (when configured), DMARC for the From domain. */
export function dnsRecords(config: Pick<Config, 'bounceDomain' | 'dkim' | 'mailFrom'>, options: { mxHost: string; spf: string }): DnsRecord[] {
  const alignment = mailAlignment(config);
  const mxHost = options.mxHost.replace(/\.$/, '').toLowerCase();
  const records: DnsRecord[] = [
    {
      purpose: 'bounces and unsubscribe mail reach `plenary mx`',
      name: config.bounceDomain,
      type: 'MX',
      value: `10 ${mxHost}.`,
      matches: (found) => found.some((f) => f.replace(/\.$/, '').toLowerCase().endsWith(` ${mxHost}`)),
    },
    {
      purpose: 'SPF for the envelope sender (bounces+TOKEN@BOUNCE_DOMAIN), which receivers check',
      name: config.bounceDomain,
      type: 'TXT',
      value: `v=spf1 ${options.spf} -all`,
      // One SPF record, whatever its mechanisms: two make SPF fail (RFC 7208 §4.5).
      matches: (found) => found.filter((f) => /^v=spf1(\s|$)/i.test(f)).length === 1,
    },
  ];
  if (config.dkim) {
    const publicKey = dkimPublicKeyOf(config.dkim.privateKey);
    records.push({
      purpose: 'the public key of DKIM_PRIVATE_KEY, so receivers can verify the signatures',
      name: `${config.dkim.keySelector}._domainkey.${config.dkim.domainName}`,
      type: 'TXT',
      value: dkimTxtRecord(publicKey),
      matches: (found) => found.some((f) => tagsOf(f).get('p')?.replace(/\s+/g, '') === publicKey),
    });
  }
  if (alignment.fromOrganisation) {
    records.push({
      purpose: 'a DMARC policy for the From domain: start with p=none and read the reports, then quarantine',
      name: `_dmarc.${alignment.fromOrganisation}`,
      type: 'TXT',
      value: `v=DMARC1; p=none; adkim=r; aspf=r; rua=mailto:dmarc-reports@${alignment.fromOrganisation}`,
      matches: (found) => found.filter((f) => /^v=DMARC1(\s*;|$)/i.test(f)).length === 1,
    });
  }
  return records;
}

/** A record as a zone-file line; TXT values longer than one string (255 octets) are split. */
function zoneLine(record: DnsRecord): string {
  if (record.type === 'MX') return `${record.name}. IN MX ${record.value}`;
  const chunks = record.value.match(/.{1,250}/g) ?? [record.value];
  return `${record.name}. IN TXT ${chunks.length === 1 ? `"${chunks[0]}"` : `( ${chunks.map((c) => `"${c}"`).join(' ')} )`}`;
}

/** The alignment verdict in a few lines. */
export function alignmentReport(a: MailAlignment): string[] {
  const lines = [`From domain (MAIL_FROM): ${a.fromDomain ?? '(none: MAIL_FROM has no address)'}; organisational domain ${a.fromOrganisation ?? '-'}`];
  lines.push(
    a.dkim
      ? `DKIM d=${a.dkim.domain} (organisational domain ${a.dkim.organisation}): ${a.dkim.aligned ? 'aligned' : 'NOT aligned'}`
      : 'DKIM: not configured (plenary dkim generate --domain <the From domain>)',
  );
  lines.push(`SPF for the envelope sender @${a.spf.domain} (organisational domain ${a.spf.organisation}): ${a.spf.aligned ? 'aligned' : 'NOT aligned'}`);
  const through = [a.dkim?.aligned ? 'DKIM' : null, a.spf.aligned ? 'SPF' : null].filter(Boolean).join(' and ');
  lines.push(
    a.canPass
      ? `Verdict: DMARC can pass through ${through} (relaxed alignment).`
      : 'Verdict: DMARC cannot pass: neither DKIM nor SPF aligns with the From domain.',
  );
  return lines;
}

type Lookup = { ok: true; found: string[] } | { ok: false; reason: string };

async function lookUp(resolver: Resolver, record: DnsRecord): Promise<Lookup> {
  try {
    if (record.type === 'MX') return { ok: true, found: (await resolver.resolveMx(record.name)).map((mx) => `${mx.priority} ${mx.exchange}`) };
    return { ok: true, found: (await resolver.resolveTxt(record.name)).map((parts) => parts.join('')) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    // "No such name" and "no such record" are answers: the record is missing. Anything else is no answer at all.
    if (code === 'ENOTFOUND' || code === 'ENODATA') return { ok: true, found: [] };
    return { ok: false, reason: code || (error as Error).message };
  }
}

/** Looks each record up; one line per record. Returns how many did not check out. */
async function checkRecords(records: DnsRecord[], resolver: Resolver, write: (line: string) => void): Promise<number> {
  let failed = 0;
  for (const record of records) {
    const result = await lookUp(resolver, record);
    if (!result.ok) {
      failed++;
      write(`could not look up ${record.type} ${record.name}: ${result.reason}`);
    } else if (record.matches(result.found)) {
      write(`ok       ${record.type} ${record.name}`);
    } else {
      failed++;
      write(
        result.found.length === 0
          ? `missing  ${record.type} ${record.name}`
          : `differs  ${record.type} ${record.name}: found ${result.found.map((f) => JSON.stringify(f.length > 80 ? `${f.slice(0, 77)}...` : f)).join(', ')}`,
      );
    }
  }
  return failed;
}

const usage = 'usage: plenary dns [--mx-host HOST] [--spf "MECHANISMS"] [--no-check] [--dns-server IP[:PORT]]';

/**
 * `plenary dns`: prints the DNS records this configuration needs (MX, SPF, DKIM, DMARC) and the DMARC
 * alignment verdict, then looks the records up. Fails (exit 1) when DMARC cannot align or a record is
 * missing, different, or could not be looked up.
 */
export async function dnsCommand(config: Config, args: string[]): Promise<void> {
  let values: { 'mx-host'?: string; spf?: string; 'no-check'?: boolean; 'dns-server'?: string };
  try {
    ({ values } = parseArgs({
      args,
      options: { 'mx-host': { type: 'string' }, spf: { type: 'string' }, 'no-check': { type: 'boolean' }, 'dns-server': { type: 'string' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(`dns: ${(error as Error).message} (${usage})`);
  }
  const mxHost = values['mx-host'] ?? new URL(config.publicUrl).hostname;
  if (!/^[A-Za-z0-9.-]+$/.test(mxHost)) throw new UsageError(`dns: --mx-host must be a host name (${usage})`);
  const relayHost = config.smtp ? new URL(config.smtp.url).hostname : null;
  // Without --spf: the relay's address records, the best guess there is; a provider documents an include: instead.
  const spf = values.spf ?? (relayHost ? `a:${relayHost}` : `a:${mxHost}`);
  const records = dnsRecords(config, { mxHost, spf });
  const alignment = mailAlignment(config);

  const out: string[] = ['# DNS records for this configuration (zone-file lines)', ''];
  for (const record of records) out.push(`# ${record.type} ${record.name}: ${record.purpose}`, zoneLine(record), '');
  if (!config.dkim) out.push('# DKIM is not configured: run `plenary dkim generate --domain <the From domain>` and set DKIM_*.', '');
  if (config.mxPort !== 25) out.push(`# MX traffic arrives on port 25: forward it to MX_PORT ${config.mxPort}, where \`plenary mx\` listens.`, '');
  out.push('# DMARC alignment', ...alignmentReport(alignment).map((l) => `  ${l}`), '');
  process.stdout.write(`${out.join('\n')}\n`);

  let failed = 0;
  if (!values['no-check']) {
    const resolver = new Resolver({ timeout: 3000, tries: 2 });
    try {
      if (values['dns-server']) resolver.setServers([values['dns-server']]);
    } catch {
      throw new UsageError(`dns: --dns-server must be an IP address, optionally with :PORT (${usage})`);
    }
    process.stdout.write('# Checking the published records\n');
    failed = await checkRecords(records, resolver, (line) => process.stdout.write(`  ${line}\n`));
  }
  if (!alignment.canPass) throw new Error('DMARC cannot pass with this configuration: align DKIM_DOMAIN or BOUNCE_DOMAIN with the MAIL_FROM domain');
  if (failed > 0) throw new Error(`${failed} of ${records.length} DNS records did not check out (see above)`);
}
