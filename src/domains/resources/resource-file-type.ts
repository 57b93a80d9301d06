/** A file type a resource may carry, as read from its bytes, with the extension it is served under. */
export interface ResourceFileType {
  mime: string;
  extension: string;
  /** Shown in the browser (PDF, pictures) rather than saved. */
  inline: boolean;
}

const types = {
  pdf: { mime: 'application/pdf', extension: 'pdf', inline: true },
  png: { mime: 'image/png', extension: 'png', inline: true },
  jpeg: { mime: 'image/jpeg', extension: 'jpg', inline: true },
  webp: { mime: 'image/webp', extension: 'webp', inline: true },
  gif: { mime: 'image/gif', extension: 'gif', inline: true },
  docx: { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extension: 'docx', inline: false },
  pptx: { mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', extension: 'pptx', inline: false },
  xlsx: { mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extension: 'xlsx', inline: false },
  odt: { mime: 'application/vnd.oasis.opendocument.text', extension: 'odt', inline: false },
  ods: { mime: 'application/vnd.oasis.opendocument.spreadsheet', extension: 'ods', inline: false },
  odp: { mime: 'application/vnd.oasis.opendocument.presentation', extension: 'odp', inline: false },
} satisfies Record<string, ResourceFileType>;

/** The types by MIME type, for serving a stored file. */
export const resourceFileTypes: ReadonlyMap<string, ResourceFileType> = new Map(Object.values(types).map((t) => [t.mime, t]));

const startsWith = (bytes: Uint8Array, signature: number[], at = 0) => bytes.length >= at + signature.length && signature.every((b, i) => bytes[at + i] === b);

/**
 * The type of an uploaded file by its bytes (never its name or the browser's claim), or null for anything else.
 * HTML, SVG, scripts and archives of other kinds are refused: nothing a browser could run as a page.
 */
export function sniffResourceFileType(bytes: Uint8Array): ResourceFileType | null {
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return types.pdf; // %PDF-
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return types.png;
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return types.jpeg;
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) return types.webp;
  if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38])) return types.gif; // GIF8
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return zippedDocumentType(bytes);
  return null;
}

/**
 * Office Open XML and OpenDocument files are ZIP archives: an OpenDocument file starts with a stored `mimetype`
 * entry naming its type; an OOXML file has `[Content_Types].xml` and a `word/`, `ppt/` or `xl/` part, read from
 * the archive's central directory (the list of names at its end).
 */
function zippedDocumentType(bytes: Uint8Array): ResourceFileType | null {
  if (bytes.length < 30) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const nameLength = view.getUint16(26, true);
  const firstName = new TextDecoder().decode(bytes.subarray(30, 30 + nameLength));
  if (firstName === 'mimetype' && view.getUint16(8, true) === 0) {
    const start = 30 + nameLength + view.getUint16(28, true);
    const declared = new TextDecoder().decode(bytes.subarray(start, start + view.getUint32(18, true)));
    return [types.odt, types.ods, types.odp].find((t) => t.mime === declared) ?? null;
  }
  const names = centralDirectoryNames(bytes, view);
  if (!names?.includes('[Content_Types].xml')) return null;
  if (names.some((n) => n.startsWith('word/'))) return types.docx;
  if (names.some((n) => n.startsWith('ppt/'))) return types.pptx;
  if (names.some((n) => n.startsWith('xl/'))) return types.xlsx;
  return null;
}

/** The entry names of a ZIP archive's central directory, or null when the archive's end record is not found. */
function centralDirectoryNames(bytes: Uint8Array, view: DataView): string[] | null {
  // The end record is 22 bytes plus a comment of at most 65,535.
  const lowest = Math.max(0, bytes.length - 22 - 65_535);
  let end = -1;
  for (let i = bytes.length - 22; i >= lowest; i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) return null;
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const names: string[] = [];
  const decoder = new TextDecoder();
  for (let i = 0; i < count; i++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== 0x02014b50) return null;
    const nameLength = view.getUint16(at + 28, true);
    names.push(decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength)));
    at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return names;
}
