import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { PROJECT_ROOT } from '@academy/core';

// These start the built app (`npm run build`, which `npm test` runs first) as real processes.
export const MAIN = join(PROJECT_ROOT, 'dist/apps/api/src/main.js');
export const WORKER_MAIN = join(PROJECT_ROOT, 'dist/apps/worker/src/main.js');

export interface Started {
  process: ChildProcess;
  output: () => string;
  stop(): Promise<void>;
}

/** Starts the built API (or, with `main`, another built entry point such as the worker). */
export function start(env: NodeJS.ProcessEnv, main = MAIN): Started {
  let output = '';
  const child = spawn(process.execPath, [main], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return {
    process: child,
    output: () => output,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) {
          resolve();
          return;
        }
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Polls the readiness probe until it answers ok; fails if the process exits first. */
export async function untilReady(started: Started, port: number, timeoutMs: number): Promise<number> {
  const begin = Date.now();
  while (Date.now() - begin < timeoutMs) {
    if (started.process.exitCode !== null) {
      throw new Error(`Process exited (${started.process.exitCode}):\n${started.output()}`);
    }
    try {
      const response = await fetch(`http://127.0.0.1:${port}/health/ready`);
      if (response.ok && started.output().includes('is ready at')) {
        return Date.now() - begin;
      }
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Not ready within ${timeoutMs} ms:\n${started.output()}`);
}
