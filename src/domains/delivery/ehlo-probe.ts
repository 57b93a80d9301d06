import net from 'node:net';
import tls from 'node:tls';

/**
 * Connects to an SMTP relay, reads its EHLO answer and quits. Nodemailer does not say whether the relay
 * offers SMTPUTF8 and sends a UTF-8 address regardless, so Plenary asks once and decides itself.
 */
export function probeEhlo(url: string, timeoutMs = 10_000): Promise<Set<string>> {
  const target = new URL(url);
  const secure = target.protocol === 'smtps:';
  const port = Number(target.port) || (secure ? 465 : 587);
  return new Promise((resolve, reject) => {
    const socket = secure
      ? tls.connect({ host: target.hostname, port, servername: target.hostname, rejectUnauthorized: false })
      : net.connect({ host: target.hostname, port });
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`SMTP relay ${target.hostname}:${port} did not answer EHLO in time`)));
    let buffer = '';
    let sentEhlo = false;
    socket.setEncoding('utf8');
    socket.on('error', reject);
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      const lines = buffer.split('\r\n');
      const last = lines[lines.length - 2];
      if (!last || last[3] === '-') return; // wait for the last line of a multi-line reply
      if (!sentEhlo) {
        sentEhlo = true;
        buffer = '';
        socket.write('EHLO plenary.probe\r\n');
        return;
      }
      const extensions = new Set(lines.slice(1, -1).map((l) => l.slice(4).split(' ')[0]?.toUpperCase() ?? ''));
      socket.end('QUIT\r\n');
      resolve(extensions);
    });
  });
}
