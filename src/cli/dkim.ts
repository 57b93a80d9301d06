import { parseArgs } from 'node:util';
import { dkimTxtRecord, generateDkimKey } from '../domains/delivery/dkim.ts';
import { UsageError } from './usage-error.ts';

/** `plenary dkim generate [--domain D] [--selector S]`: prints a new private key and the DNS record to publish. */
export async function dkimCommand(args: string[]): Promise<void> {
  if (args[0] !== 'generate') throw new UsageError('usage: plenary dkim generate [--domain example.org] [--selector plenary]');
  const { values } = parseArgs({
    args: args.slice(1),
    options: { domain: { type: 'string' }, selector: { type: 'string', default: 'plenary' } },
    strict: true,
  });
  const selector = values.selector ?? 'plenary';
  if (!/^[A-Za-z0-9._-]+$/.test(selector)) throw new UsageError('dkim generate: --selector must be a DNS label');
  const domain = values.domain ?? 'example.org';
  const key = generateDkimKey();
  const txt = dkimTxtRecord(key.publicKeyBase64);
  // TXT strings are at most 255 octets each; split the value so it can be pasted into a zone file.
  const chunks = txt.match(/.{1,250}/g) ?? [txt];
  process.stdout.write(
    [
      '# Keep this private key secret; set it as DKIM_PRIVATE_KEY (or save it and point DKIM_PRIVATE_KEY_FILE at the file):',
      key.privateKey.trim(),
      '',
      `# Publish this DNS record, then set DKIM_DOMAIN=${domain} and DKIM_SELECTOR=${selector}:`,
      `${selector}._domainkey.${domain}. IN TXT ( ${chunks.map((c) => `"${c}"`).join(' ')} )`,
      '',
    ].join('\n'),
  );
}
