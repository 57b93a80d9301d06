/** The image types a logo may be: raster formats only, which a browser never runs as a document. */
export type LogoType = 'image/png' | 'image/jpeg' | 'image/webp';

/**
 * The type of an image by its first bytes (never by its name or the browser's claim), or null.
 * SVG is refused on purpose: it is a document that can carry script and links, not a picture.
 */
export function sniffLogoType(bytes: Uint8Array): LogoType | null {
  const starts = (signature: number[], at = 0) => signature.every((b, i) => bytes[at + i] === b);
  if (bytes.length >= 8 && starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (bytes.length >= 3 && starts([0xff, 0xd8, 0xff])) return 'image/jpeg';
  // RIFF <size> WEBP
  if (bytes.length >= 12 && starts([0x52, 0x49, 0x46, 0x46]) && starts([0x57, 0x45, 0x42, 0x50], 8)) return 'image/webp';
  return null;
}
