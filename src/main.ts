import { runCli } from './cli/cli.ts';
import { UsageError } from './cli/usage-error.ts';
import { ConfigError } from './config/config.ts';
import { AppError } from './errors/app-error.ts';
import { translator } from './i18n/i18n.ts';

/** Exit 2 for a usage or configuration mistake, 1 for anything else; always one line on stderr. */
function exitCodeFor(error: unknown): number {
  if (error instanceof UsageError || error instanceof ConfigError) return 2;
  if (error instanceof TypeError && (error as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')) return 2;
  return 1;
}

try {
  await runCli(process.argv.slice(2));
} catch (error) {
  // An AppError carries a code; operators read its English message rather than the code.
  const message = error instanceof AppError ? translator('en')(`error.${error.code}`, error.details) : error instanceof Error ? error.message : String(error);
  process.stderr.write(`plenary: ${message.split('\n')[0]}\n`);
  process.exit(exitCodeFor(error));
}
