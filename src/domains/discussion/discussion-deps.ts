import type { AppDeps } from '../../app-deps.ts';
import type { DNSResolver } from './mail-authentication.ts';

/** What the discussion list's services need: the app's state, and for `plenary mx` a log and a DNS resolver. */
export type DiscussionDeps = Pick<AppDeps, 'db' | 'clock' | 'config' | 'queue' | 'secretKey'> & {
  /** Where each post's outcome is reported, one line each; silent when absent. */
  log?: (line: string) => void;
  /** Answers mailauth's DNS questions (DKIM keys, SPF, DMARC); Node's resolver when absent. */
  resolver?: DNSResolver;
};
