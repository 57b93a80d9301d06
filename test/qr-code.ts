import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The text of every QR code zbarimg finds in a PNG file (none: an empty list; zbarimg exits 4 then). */
export async function decodeQr(file: string): Promise<string[]> {
  try {
    const { stdout } = await run('zbarimg', ['--quiet', '--raw', '-Sdisable', '-Sqrcode.enable', file]);
    return stdout.split('\n').filter((line) => line !== '');
  } catch (error) {
    if ((error as { code?: unknown }).code === 4) return [];
    throw new Error(`zbarimg failed on ${file} (install Debian's zbar-tools): ${(error as Error).message}`);
  }
}

/** The same for PNG bytes (written to a temp file for zbarimg). */
export async function decodeQrBytes(png: Buffer): Promise<string[]> {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'plenary-qr-')), 'code.png');
  fs.writeFileSync(file, png);
  return decodeQr(file);
}
