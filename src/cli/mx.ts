import type { Config } from '../config/config.ts';
import { startMxServer } from '../domains/bounces/mx-server.ts';
import { openRuntime } from '../runtime.ts';

/** `plenary mx`: receives bounces and unsubscribe mail for BOUNCE_DOMAIN, and posts to DISCUSSION_ADDRESS, on MX_PORT until SIGTERM or SIGINT. */
export async function mxCommand(config: Config): Promise<void> {
  const runtime = await openRuntime(config);
  const log = (line: string) => {
    if (config.logLevel !== 'silent') process.stderr.write(`plenary mx: ${line}\n`);
  };
  let mx: Awaited<ReturnType<typeof startMxServer>>;
  try {
    mx = await startMxServer({ ...runtime.deps, log }, { port: config.mxPort, host: config.host });
  } catch (error) {
    await runtime.close();
    throw error;
  }
  process.stdout.write(`Plenary mx is receiving mail for ${config.bounceDomain} and posts for ${config.discussion.address} on port ${mx.port}\n`);

  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      process.stderr.write(`plenary mx: ${signal} received, finishing the messages in hand…\n`);
      await mx.close();
      await runtime.close();
      resolve();
    };
    process.once('SIGTERM', () => void stop('SIGTERM'));
    process.once('SIGINT', () => void stop('SIGINT'));
  });
}
