import { ConfigError } from '../config/app-config';
import { DomainError } from '../errors/domain-error';

/** What an operator's command refuses, in one line (a bad argument, an account it cannot act on). */
export class CommandError extends Error {
  override name = 'CommandError';
}

/**
 * Runs a process's `main`. A bad configuration ends it with exit 1 and one line naming the
 * variable; if `main` returns a stop function, SIGTERM or SIGINT run it once, then exit 0.
 */
export function runProcess(main: () => Promise<(() => Promise<void>) | void>): void {
  main().then(
    (stop) => {
      if (!stop) {
        return;
      }
      let stopping = false;
      const shutdown = async (): Promise<void> => {
        if (stopping) {
          return;
        }
        stopping = true;
        await stop();
        process.exit(0);
      };
      process.once('SIGTERM', () => void shutdown());
      process.once('SIGINT', () => void shutdown());
    },
    (error: unknown) => {
      // A problem the operator can fix is one line; anything else keeps its stack.
      console.error(
        error instanceof ConfigError || error instanceof CommandError || error instanceof DomainError
          ? error.message
          : error,
      );
      process.exit(1);
    },
  );
}
