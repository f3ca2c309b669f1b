import { Injectable } from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** A pg pool as the pool gauge reads it. */
interface PoolLike {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

/**
 * One process's Prometheus series (prom-client). Core keeps the HTTP, database-pool and process
 * series; features add their own (`counter`, `gauge`), and `/metrics` renders them all. A process
 * that runs the jobs in-process (`npm start` on the embedded database) shares one instance
 * between the API and the jobs, so one scrape sees both.
 */
@Injectable()
export class Metrics {
  private readonly registry = new Registry();
  private readonly pools = new Map<string, PoolLike>();
  private readonly requests = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method, route pattern and status code.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  constructor() {
    const pools = this.pools;
    new Gauge({
      name: 'db_pool_connections',
      help: 'Database pool connections by pool (api, worker) and state: total open, idle, and requests waiting for one.',
      labelNames: ['pool', 'state'] as const,
      registers: [this.registry],
      collect() {
        this.reset();
        for (const [pool, counts] of pools) {
          this.set({ pool, state: 'total' }, counts.totalCount);
          this.set({ pool, state: 'idle' }, counts.idleCount);
          this.set({ pool, state: 'waiting' }, counts.waitingCount);
        }
      },
    });
  }

  /** Node's own series (CPU, memory, event-loop lag, handles): once per process, by its entry point. */
  collectProcessMetrics(): void {
    collectDefaultMetrics({ register: this.registry });
  }

  /** A counter, made on first use (a feature asks for its counters by name). */
  counter<Label extends string>(
    name: string,
    help: string,
    labelNames: readonly Label[] = [],
  ): Counter<Label> {
    return (
      (this.registry.getSingleMetric(name) as Counter<Label> | undefined) ??
      new Counter({ name, help, labelNames, registers: [this.registry] })
    );
  }

  /** A gauge whose value `collect` sets at each scrape; replaces an earlier one of that name. */
  gauge<Label extends string>(
    name: string,
    help: string,
    labelNames: readonly Label[],
    collect: (gauge: Gauge<Label>) => Promise<void> | void,
  ): void {
    this.registry.removeSingleMetric(name);
    new Gauge({
      name,
      help,
      labelNames,
      registers: [this.registry],
      collect() {
        return collect(this);
      },
    });
  }

  /** Counts one answered HTTP request; `route` is the pattern (`/verify/:number`), never the raw path. */
  observeRequest(method: string, route: string, status: number, seconds: number): void {
    this.requests.observe({ method, route, status: String(status) }, seconds);
  }

  /** Reports a pool's connections until the returned function is called. */
  watchPool(name: string, pool: PoolLike): () => void {
    this.pools.set(name, pool);
    return () => {
      if (this.pools.get(name) === pool) {
        this.pools.delete(name);
      }
    };
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** Every series in the Prometheus text format. */
  render(): Promise<string> {
    return this.registry.metrics();
  }
}

/**
 * Whether a request may read the metrics: `off` when no token is configured (the route is then
 * not there), `denied` without the right `Authorization: Bearer <token>`.
 */
export function metricsAccess(
  token: string | undefined,
  authorization: string | undefined,
): 'ok' | 'off' | 'denied' {
  if (token === undefined) {
    return 'off';
  }
  const given = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1] ?? '';
  const digest = (value: string): Buffer => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(token)) ? 'ok' : 'denied';
}

/** Times every answered request into `http_request_duration_seconds` (unrouted ones as `unmatched`). */
export function measureRequests(fastify: FastifyInstance, metrics: Metrics): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    metrics.observeRequest(
      request.method,
      request.routeOptions.url ?? 'unmatched',
      reply.statusCode,
      reply.elapsedTime / 1000,
    );
    done();
  });
}

/** A feature's counter, as `Metrics.counter` makes it. */
export type { Counter } from 'prom-client';
