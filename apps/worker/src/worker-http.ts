import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AppConfig, Database, Metrics, metricsAccess, portProblem } from '@academy/core';
import type { RunningWorker } from './start-worker';

const PROBE_TIMEOUT_MS = 3000;

/**
 * The worker's own small HTTP, on `WORKER_PORT`: `/health` for the container's probe (200 while
 * its jobs run and the database answers, else 503 with why) and `/metrics` for Prometheus
 * (behind `METRICS_TOKEN`, as on the API). Nothing else is served.
 */
export async function serveWorkerHttp(worker: RunningWorker, config: AppConfig): Promise<Server> {
  const server = createServer((request, response) => {
    answer(worker, config, request, response).catch(() => {
      if (!response.headersSent) {
        send(response, 500, { status: 'error' });
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(portProblem('WORKER_PORT', config.workerPort, error)),
    );
    server.listen({ port: config.workerPort, host: '0.0.0.0' }, () => resolve());
  });
  return server;
}

async function answer(
  worker: RunningWorker,
  config: AppConfig,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const path = (request.url ?? '/').split('?')[0];
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return send(response, 405, { status: 'error', message: 'Only GET is served here.' });
  }
  if (path === '/health') {
    const problem = await healthProblem(worker);
    return send(
      response,
      problem ? 503 : 200,
      problem ? { status: 'unavailable', problem } : { status: 'ok' },
    );
  }
  if (path === '/metrics') {
    const metrics = worker.context.get(Metrics);
    switch (metricsAccess(config.metricsToken, request.headers.authorization)) {
      case 'off':
        return send(response, 404, { status: 'error', message: 'Metrics are off: set METRICS_TOKEN.' });
      case 'denied':
        response.setHeader('www-authenticate', 'Bearer realm="metrics"');
        return send(response, 401, {
          status: 'error',
          message: 'Metrics need the bearer token set as METRICS_TOKEN.',
        });
      case 'ok':
        response.writeHead(200, { 'content-type': metrics.contentType, 'cache-control': 'no-store' });
        response.end(await metrics.render());
        return;
    }
  }
  return send(response, 404, { status: 'error', message: 'The worker serves /health and /metrics only.' });
}

/** Why the worker is not healthy, or undefined when it is. */
async function healthProblem(worker: RunningWorker): Promise<string | undefined> {
  if (!worker.jobs.running) {
    return 'The job runner is not running.';
  }
  const timeout = new Promise<string>((resolve) =>
    setTimeout(() => resolve('The database did not answer in time.'), PROBE_TIMEOUT_MS).unref(),
  );
  const ping = worker.context
    .get(Database)
    .ping()
    .then(
      () => undefined,
      () => 'The database does not answer.',
    );
  return Promise.race([ping, timeout]);
}

function send(response: ServerResponse, status: number, body: Record<string, unknown>): void {
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
  });
  response.end(JSON.stringify(body));
}
