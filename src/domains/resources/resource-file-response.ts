import type { FastifyReply } from 'fastify';
import type { ResourceFileType } from './resource-file-type.ts';

/** A Content-Disposition with the name as UTF-8 (RFC 6266/5987) and an ASCII fallback for old clients. */
export function contentDisposition(kind: 'inline' | 'attachment', name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/**
 * Sends a resource's file with the type read from its bytes when it was uploaded, never the name's. nosniff and a
 * sandboxing CSP mean that even a file that fooled the check could not run script in the site's origin; office
 * documents are downloads, PDFs and pictures open in the browser.
 */
export function sendResourceFile(reply: FastifyReply, file: { bytes: Buffer; type: ResourceFileType; name: string }, cacheControl: string) {
  return reply
    .type(file.type.mime)
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; sandbox")
    .header('content-disposition', contentDisposition(file.type.inline ? 'inline' : 'attachment', file.name))
    .header('cache-control', cacheControl)
    .send(file.bytes);
}
