import dgram from 'node:dgram';

/** The records a test zone holds: name (lower case, no trailing dot) → MX and TXT answers. */
export interface TestZone {
  [name: string]: { MX?: { priority: number; exchange: string }[]; TXT?: string[] };
}

const types = { MX: 15, TXT: 16 } as const;

function encodeName(name: string): Buffer {
  const labels = name.replace(/\.$/, '').split('.').filter(Boolean);
  return Buffer.concat([...labels.map((l) => Buffer.concat([Buffer.from([Buffer.byteLength(l)]), Buffer.from(l)])), Buffer.from([0])]);
}

/** The question of a query: its name, type and where the question section ends. */
function readQuestion(query: Buffer): { name: string; type: number; end: number } {
  const labels: string[] = [];
  let offset = 12;
  while (query[offset] !== 0) {
    const length = query[offset]!;
    labels.push(query.subarray(offset + 1, offset + 1 + length).toString());
    offset += length + 1;
  }
  return { name: labels.join('.').toLowerCase(), type: query.readUInt16BE(offset + 1), end: offset + 5 };
}

function answer(type: number, rdata: Buffer): Buffer {
  const head = Buffer.alloc(12);
  head.writeUInt16BE(0xc00c, 0); // the name: a pointer to the question's
  head.writeUInt16BE(type, 2);
  head.writeUInt16BE(1, 4); // IN
  head.writeUInt32BE(60, 6);
  head.writeUInt16BE(rdata.length, 10);
  return Buffer.concat([head, rdata]);
}

function txtData(text: string): Buffer {
  const chunks = Buffer.from(text)
    .toString('latin1')
    .match(/[\s\S]{1,255}/g) ?? [''];
  return Buffer.concat(chunks.map((c) => Buffer.concat([Buffer.from([c.length]), Buffer.from(c, 'latin1')])));
}

/**
 * A tiny authoritative DNS server over UDP on 127.0.0.1 for tests: answers MX and TXT from `zone`,
 * NXDOMAIN for a name it does not hold, an empty answer for a type it has not got.
 */
export async function startDnsPeer(zone: TestZone): Promise<{ address: string; close(): Promise<void> }> {
  const socket = dgram.createSocket('udp4');
  socket.on('message', (query, peer) => {
    const { name, type, end } = readQuestion(query);
    const entry = zone[name];
    const answers: Buffer[] = [];
    if (entry && type === types.MX)
      for (const mx of entry.MX ?? []) answers.push(answer(type, Buffer.concat([Buffer.from([mx.priority >> 8, mx.priority & 255]), encodeName(mx.exchange)])));
    if (entry && type === types.TXT) for (const txt of entry.TXT ?? []) answers.push(answer(type, txtData(txt)));
    const header = Buffer.alloc(12);
    query.copy(header, 0, 0, 2);
    const recursionDesired = query.readUInt16BE(2) & 0x0100;
    header.writeUInt16BE(0x8400 | recursionDesired | 0x0080 | (entry ? 0 : 3), 2);
    header.writeUInt16BE(1, 4);
    header.writeUInt16BE(answers.length, 6);
    socket.send(Buffer.concat([header, query.subarray(12, end), ...answers]), peer.port, peer.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return {
    address: `127.0.0.1:${socket.address().port}`,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
