import dns from 'node:dns';
import nodemailer from 'nodemailer';
import { startDnsPeer } from '../../../test/dns-peer.ts';
import { dkimSigner, dkimTxtRecord, generateDkimKey } from '../delivery/dkim.ts';
import type { DNSResolver } from './mail-authentication.ts';

/** The DKIM key example.net signs its members' mail with in the tests; its public half is in the test zone. */
export const senderKey = generateDkimKey();

/**
 * A real DNS server for the tests' sending domains: example.net publishes SPF for 127.0.0.1, a DKIM key and
 * DMARC p=reject; example.com publishes DMARC p=quarantine and no SPF or DKIM (so mail "from" it fails DMARC).
 */
export async function startSenderDns(): Promise<{ resolver: DNSResolver; close(): Promise<void> }> {
  const peer = await startDnsPeer({
    'example.net': { TXT: ['v=spf1 ip4:127.0.0.1 -all'] },
    'mail._domainkey.example.net': { TXT: [dkimTxtRecord(senderKey.publicKeyBase64)] },
    '_dmarc.example.net': { TXT: ['v=DMARC1; p=reject; adkim=r; aspf=r'] },
    '_dmarc.example.com': { TXT: ['v=DMARC1; p=quarantine'] },
  });
  const lookups = new dns.promises.Resolver({ timeout: 2000, tries: 1 });
  lookups.setServers([peer.address]);
  const resolver: DNSResolver = (name, type) => lookups.resolve(name, type as 'TXT') as Promise<string[][]>;
  return { resolver, close: peer.close };
}

/** A post as a member's mail system sends it: over SMTP to `plenary mx`, DKIM-signed by example.net when `signed`. */
export async function sendPost(
  port: number,
  post: {
    from: string;
    envelopeFrom?: string;
    to: string;
    subject: string;
    text: string;
    messageId?: string;
    inReplyTo?: string;
    references?: string[];
    headers?: Record<string, string>;
    signed?: boolean;
  },
): Promise<{ ok: true } | { ok: false; code: number; response: string }> {
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port,
    secure: false,
    ignoreTLS: true,
    ...(post.signed ? { dkim: { domainName: 'example.net', keySelector: 'mail', privateKey: senderKey.privateKey } } : {}),
  });
  try {
    await transport.sendMail({
      envelope: { from: post.envelopeFrom ?? post.from.replace(/^.*<|>$/g, ''), to: post.to },
      from: post.from,
      to: post.to,
      subject: post.subject,
      text: post.text,
      ...(post.messageId ? { messageId: post.messageId } : {}),
      ...(post.inReplyTo ? { inReplyTo: post.inReplyTo } : {}),
      ...(post.references ? { references: post.references } : {}),
      ...(post.headers ? { headers: post.headers } : {}),
    });
    return { ok: true };
  } catch (error) {
    const e = error as { responseCode?: number; response?: string };
    return { ok: false, code: e.responseCode ?? 0, response: String(e.response) };
  } finally {
    transport.close();
  }
}

const signer = dkimSigner({ domainName: 'example.net', keySelector: 'mail', privateKey: senderKey.privateKey });

/** A whole message from header lines and a body, DKIM-signed by example.net (CRLF line ends, as on the wire). */
export async function signedMessage(headers: string[], body: string): Promise<Buffer> {
  const text = body.replace(/\r?\n/g, '\r\n');
  const signed = await signer(headers, text);
  return Buffer.from(`${signed.join('\r\n')}\r\n\r\n${text}`);
}
