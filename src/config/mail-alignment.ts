import { domainToASCII } from 'node:url';
import { getDomain } from 'tldts';
import type { Config } from './config.ts';

/**
 * The organisational domain of a host name, as DMARC's relaxed alignment compares them: the registrable
 * domain under the Public Suffix List (ICANN and private sections, as mailauth reads it when it verifies
 * inbound mail): `bounces.example.org` → `example.org`, `news.example.co.uk` → `example.co.uk`. A name
 * without a public suffix (`localhost`) is its own organisational domain. Compared in ASCII (A-labels).
 */
export function organisationalDomain(domain: string): string {
  const ascii = (domainToASCII(domain.trim().replace(/\.$/, '')) || domain).toLowerCase();
  return getDomain(ascii, { allowPrivateDomains: true }) ?? ascii;
}

/** The domain of the address in MAIL_FROM (`Name <a@b>` or `a@b`), in ASCII; null when there is none. */
export function mailFromDomain(mailFrom: string): string | null {
  const address = /<([^<>]+)>\s*$/.exec(mailFrom)?.[1] ?? mailFrom.trim();
  const at = address.lastIndexOf('@');
  if (at < 1 || at === address.length - 1) return null;
  const domain = address.slice(at + 1).trim();
  return (domainToASCII(domain) || domain).toLowerCase();
}

/** Whether mail as configured can pass DMARC, and through which mechanism. */
export interface MailAlignment {
  /** The From header's domain (what DMARC protects); null when MAIL_FROM has no address. */
  fromDomain: string | null;
  fromOrganisation: string | null;
  /** DKIM's d= domain and whether it aligns with From (null: DKIM not configured). */
  dkim: { domain: string; organisation: string; aligned: boolean } | null;
  /** SPF is checked on the envelope sender, bounces+TOKEN@BOUNCE_DOMAIN. */
  spf: { domain: string; organisation: string; aligned: boolean };
  /** DMARC passes when either DKIM or SPF passes for an aligned domain. */
  canPass: boolean;
}

/** The relaxed-alignment verdict of a configuration (RFC 7489 §3.1). */
export function mailAlignment(config: Pick<Config, 'mailFrom' | 'bounceDomain' | 'dkim'>): MailAlignment {
  const fromDomain = mailFromDomain(config.mailFrom);
  const fromOrganisation = fromDomain ? organisationalDomain(fromDomain) : null;
  const dkimDomain = config.dkim ? (domainToASCII(config.dkim.domainName) || config.dkim.domainName).toLowerCase() : null;
  const dkim = dkimDomain
    ? { domain: dkimDomain, organisation: organisationalDomain(dkimDomain), aligned: organisationalDomain(dkimDomain) === fromOrganisation }
    : null;
  const bounceOrganisation = organisationalDomain(config.bounceDomain);
  const spf = { domain: config.bounceDomain.toLowerCase(), organisation: bounceOrganisation, aligned: bounceOrganisation === fromOrganisation };
  return { fromDomain, fromOrganisation, dkim, spf, canPass: fromDomain !== null && (spf.aligned || dkim?.aligned === true) };
}

/**
 * What an operator should hear at start-up about DMARC alignment: a line for each domain that cannot align
 * with MAIL_FROM's, and, once mail leaves through a relay, for a DKIM setting that is missing.
 */
export function mailAlignmentWarnings(config: Pick<Config, 'mailFrom' | 'bounceDomain' | 'dkim' | 'smtp'>): string[] {
  const a = mailAlignment(config);
  const warnings: string[] = [];
  if (!a.fromDomain) return ['MAIL_FROM has no address with a domain: receivers cannot apply DMARC to it (run `plenary dns`)'];
  if (a.dkim && !a.dkim.aligned)
    warnings.push(
      `DKIM_DOMAIN ${a.dkim.domain} is not in the organisational domain of MAIL_FROM (${a.fromOrganisation}): DKIM signatures will not align for DMARC (run \`plenary dns\`)`,
    );
  if (!a.spf.aligned)
    warnings.push(
      `BOUNCE_DOMAIN ${a.spf.domain} is not in the organisational domain of MAIL_FROM (${a.fromOrganisation}): SPF will not align for DMARC${a.canPass ? '' : ', and nothing else does'} (run \`plenary dns\`)`,
    );
  if (!a.dkim && config.smtp && a.spf.aligned)
    warnings.push('DKIM is not configured: DMARC rests on SPF alone, which fails when a member forwards mail (run `plenary dkim generate` and `plenary dns`)');
  return warnings;
}
