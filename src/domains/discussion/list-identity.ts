import type { Config } from '../../config/config.ts';
import { type Locale, pickLocalized } from '../../i18n/i18n.ts';
import { listIdHeader } from '../delivery/list-id.ts';
import type { NetworkRow } from '../site/site.table.ts';

/** The List-Id of the network's discussion list (RFC 2919), written on every copy of a post; a loop brings it back. */
export function ownListId(config: Pick<Config, 'publicUrl'>, network: Pick<NetworkRow, 'name' | 'slug' | 'default_locale'>): string {
  return listIdHeader(pickLocalized(network.name, network.default_locale as Locale), network.slug, new URL(config.publicUrl).hostname);
}
