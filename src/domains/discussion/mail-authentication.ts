import { authenticate, type DNSResolver } from 'mailauth';

export type { DNSResolver };

/** What mailauth found about one inbound post, kept with it and shown to moderators. */
export interface AuthSummary {
  /** Each DKIM signature: the signing domain and its result (pass, fail, neutral, policy, temperror, permerror). */
  dkim: { domain: string; result: string; aligned: boolean }[];
  /** SPF on the envelope sender (or the HELO name for the null sender). */
  spf: string;
  /** DMARC on the From domain: pass, fail, none (no record), temperror, permerror. */
  dmarc: string;
  /** The From domain's published policy (p=, or sp= for a subdomain), when it has a record. */
  dmarcPolicy: string | null;
  /** The Authentication-Results header mailauth wrote (RFC 8601), for moderators to read. */
  header: string;
}

/** Where the message came from, as the SMTP session saw it. */
export interface InboundSession {
  clientIp: string;
  helo: string;
  mailFrom: string;
  /** The name of this receiving host, as written in Authentication-Results. */
  mta: string;
}

/**
 * Checks a message's DKIM signatures, the SPF record of its envelope sender and the DMARC alignment of its From
 * with mailauth. `resolver` answers the DNS questions (Node's resolver when absent). A DNS failure is a
 * `temperror`, never a pass: a post that cannot be verified is not redistributed as if it were authentic.
 */
export async function checkAuthentication(raw: Buffer, session: InboundSession, resolver?: DNSResolver): Promise<AuthSummary> {
  try {
    const result = await authenticate(raw, {
      ip: session.clientIp,
      helo: session.helo,
      sender: session.mailFrom,
      mta: session.mta,
      disableArc: true,
      disableBimi: true,
      ...(resolver ? { resolver } : {}),
    });
    const dmarc = result.dmarc || null;
    return {
      dkim: (result.dkim.results ?? []).map((r) => ({
        domain: r.signingDomain ?? '',
        result: r.status.result,
        aligned: Boolean(r.status.aligned),
      })),
      spf: result.spf ? result.spf.status.result : 'none',
      dmarc: dmarc ? dmarc.status.result : 'none',
      dmarcPolicy: dmarc && typeof dmarc.policy === 'string' && dmarc.policy !== '' ? dmarc.policy : null,
      header: result.headers.split(/\r?\n(?=\S)/).find((h) => h.startsWith('Authentication-Results:')) ?? '',
    };
  } catch (error) {
    return { dkim: [], spf: 'temperror', dmarc: 'temperror', dmarcPolicy: null, header: `error: ${(error as Error).message}` };
  }
}

/** True when the From address is proved by DMARC (an aligned DKIM signature or SPF), so a reply to it reaches its author. */
export function fromIsAuthenticated(auth: AuthSummary): boolean {
  return auth.dmarc === 'pass' || auth.dkim.some((d) => d.result === 'pass' && d.aligned);
}

/** True when the From address must not be trusted: DMARC failed, or could not be checked. */
export function fromFailsDmarc(auth: AuthSummary): boolean {
  return auth.dmarc === 'fail' || ['temperror', 'temperr', 'permerror'].includes(auth.dmarc);
}
