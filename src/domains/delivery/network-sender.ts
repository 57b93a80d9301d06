import addressparser from 'nodemailer/lib/addressparser';
import { type Locale, pickLocalized } from '../../i18n/i18n.ts';
import { cleanLine } from '../../security/human-text.ts';
import type { NetworkRow } from '../site/site.table.ts';

/**
 * The From of mail to members: MAIL_FROM's address under the network's sender name (its setting, else
 * the network's name in its default language), so members see who writes to them rather than "Plenary".
 * The name is quoted here; the transports encode it (RFC 2047) when it is not ASCII.
 */
export function networkSender(mailFrom: string, network: Pick<NetworkRow, 'sender_name' | 'name' | 'default_locale'>): string {
  const [parsed] = addressparser(mailFrom) as { name?: string; address?: string }[];
  const address = parsed?.address;
  // Quotes and backslashes would end the quoted name early; the settings form refuses them, older rows are cleaned here.
  const name = cleanLine(network.sender_name || pickLocalized(network.name, network.default_locale as Locale)).replace(/["\\]/g, '');
  if (!address || !name) return mailFrom;
  return `"${name}" <${address}>`;
}
