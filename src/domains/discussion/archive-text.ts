/** An address as the archive shows it: the first letters of the mailbox and the domain ("am…@example.net"), never whole. */
export function obfuscateAddress(address: string): string {
  const at = address.lastIndexOf('@');
  if (at <= 0) return '…';
  const local = [...address.slice(0, at)];
  return `${local.slice(0, Math.min(2, Math.max(1, local.length - 1))).join('')}…@${address.slice(at + 1)}`;
}

// Addresses in any script: a mailbox of letters, digits and the usual marks, an @, a dotted domain.
const addressInText = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu;

/** The text with every address in it obfuscated. */
export function obfuscateText(text: string): string {
  return text.replace(addressInText, (a) => obfuscateAddress(a));
}
