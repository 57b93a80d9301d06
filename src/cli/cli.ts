import { configWarnings, loadConfig } from '../config/config.ts';
import { createDb } from '../db/database.ts';
import { migrateToLatest } from '../db/migrator.ts';
import { UsageError } from './usage-error.ts';

export const helpText = `Usage: plenary <command> [options]

Commands:
  serve                      Run the web application (production: no demo content)
  worker                     Run background jobs (mail, imports); run several on PostgreSQL
  migrate                    Apply pending database migrations and exit
  demo                       Run with the demo network seeded on first start (what npm start runs)
  admin create --email E --name N [--role owner|editor|viewer] [--password-stdin]
                             Create a staff account; without --password-stdin, print a set-password link
  members import FILE.csv [--dry-run] [--json] [--status pending|subscribed --basis TEXT] [--overwrite]
                             Import members from CSV (email,name,memberState,stakeholderGroup,organisation,language,source,title)
  members export [--format csv|json] [--bom] [--output FILE] [filters]
                             Export members (filters: --status --member-state --regional-group --stakeholder-group --language --source)
  discussion import-mbox FILE [--dry-run] [--json]
                             Import a Mailman (Pipermail or HyperKitty) mbox archive into the discussion archive
  mx                         Receive bounces and unsubscribe mail for BOUNCE_DOMAIN on MX_PORT (default 2525)
  stats [--json]             The network's picture: members, member states, regional groups, evenness
  report generate --from YYYY-MM-DD --to YYYY-MM-DD [--format html|pdf|pptx|csv|xlsx] [--locale L] [--output FILE]
                             Write the briefing for a period: live figures, the narrative of the briefing published
                             for that period if any (L: en|ar|es|fr|ru|zh; defaults html, en, stdout)
  token create --name N --role editor|viewer
                             Create an API token and print it alone on stdout (shown once)
  token list | token revoke ID
                             List API tokens, or revoke one
  dkim generate [--domain D] [--selector S]
                             Print a new DKIM private key and the DNS TXT record to publish
  dns [--mx-host H] [--spf "MECHANISMS"] [--no-check] [--dns-server IP[:PORT]]
                             Print the MX, SPF, DKIM and DMARC records to publish and the DMARC alignment, then check them

Configuration comes from environment variables; see README.md.
Exit status: 0 success, 1 runtime failure, 2 usage or configuration error.
`;

/** Runs one CLI invocation; throws UsageError, ConfigError or a runtime error for main to report. */
export async function runCli(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(helpText);
    return;
  }
  if (command === 'dkim') {
    const { dkimCommand } = await import('./dkim.ts');
    return dkimCommand(rest);
  }
  const config = loadConfig();
  // Commands that send or receive mail say what would keep it from passing DMARC; `plenary dns` says it in full.
  if (['serve', 'demo', 'worker', 'mx'].includes(command)) for (const warning of configWarnings(config)) process.stderr.write(`plenary: warning: ${warning}\n`);
  switch (command) {
    // Commands load their modules when called, so `plenary members import` does not load the web app first.
    case 'serve':
      return (await import('./serve.ts')).serve(config, { demo: false });
    case 'demo':
      return (await import('./serve.ts')).serve(config, { demo: config.demo ?? true });
    case 'worker':
      return (await import('./worker.ts')).worker(config);
    case 'migrate': {
      const handle = await createDb({ url: config.databaseUrl, dataDir: config.dataDir });
      try {
        const applied = await migrateToLatest(handle.db);
        process.stdout.write(applied.length ? `Applied ${applied.join(', ')}\n` : 'The database schema is current.\n');
      } finally {
        await handle.close();
      }
      return;
    }
    case 'admin':
      if (rest[0] !== 'create') throw new UsageError(`unknown admin command "${rest[0] ?? ''}" (try: plenary admin create --help)`);
      return (await import('./admin-create.ts')).adminCreate(config, rest.slice(1));
    case 'members': {
      const { membersCommand } = await import('./members.ts');
      return membersCommand(config, rest);
    }
    case 'discussion': {
      const { discussionCommand } = await import('./discussion.ts');
      return discussionCommand(config, rest);
    }
    case 'mx': {
      const { mxCommand } = await import('./mx.ts');
      return mxCommand(config);
    }
    case 'token': {
      const { tokenCommand } = await import('./token.ts');
      return tokenCommand(config, rest);
    }
    case 'dns': {
      const { dnsCommand } = await import('./dns.ts');
      return dnsCommand(config, rest);
    }
    case 'stats': {
      const { statsCommand } = await import('./stats.ts');
      return statsCommand(config, rest);
    }
    case 'report': {
      const { reportCommand } = await import('./report.ts');
      return reportCommand(config, rest);
    }
    default:
      throw new UsageError(`unknown command "${command}" (see plenary --help)`);
  }
}
