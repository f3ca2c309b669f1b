import fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { availableParallelism } from 'node:os';
import type { AddressInfo } from 'node:net';
import { Worker } from 'node:worker_threads';
import { Pool } from 'pg';
import { newCertificateNumber, STATUS_REASONS, verificationStatus } from '@academy/certificates';
import type { Certificate, VerificationAnswer } from '@academy/certificates';
import { certifiedLearner } from '../test/factories/certificates';
import type { CertifiedLearner } from '../test/factories/certificates';
import { createTestApp, TestApp } from '../test/support/test-app';

// A verifier's traffic: mostly numbers printed on real certificates, some that no certificate has
// (well-formed, right check character, so both paths ask the database: a typo the check
// character catches would spare the service its lookup but not the baseline).
const CERTIFICATES = 20;
const UNKNOWN_NUMBERS = 100;
const UNKNOWN_EVERY = 10; // one request in ten: 90% known
// Before the clock, both answer every known number and this many unknown ones, and must agree.
const CHECKED_UNKNOWN = 5;
const WARM_UP = 2_000;
// The machine's speed drifts during a run (other processes, a virtual machine's neighbours), so
// the timed verifications go in rounds, the service and the baseline taking turns (each going
// first in every other round): both see the same conditions. Rates are over the summed time.
const ROUNDS = 5;
const PER_ROUND = 2_000;
const VERIFICATIONS = ROUNDS * PER_ROUND;
// Requests in flight at once, each on a keep-alive socket of its own; the app's pool and the
// baseline's both have 10 connections, so the rest queue for one, as they would in production.
const CONCURRENCY = 32;
const POOL_SIZE = 10;
// The throttler allows 600 requests a minute per client address. The app runs with TRUST_PROXY
// (as behind the production proxy) and each request carries an X-Forwarded-For address from a
// set large enough that none sends more than this many: the limiter runs on every request, as
// in production, and never answers 429 (every answer is checked, so one would fail loudly).
const PER_ADDRESS = 400;
// Holders are certified this many at a time: each hashes passwords (argon2) and books a lab.
const LEARNER_BATCH = 10;

/** One request of a run: where it goes, from which address, and what it must answer. */
interface Planned {
  path: string;
  address: string;
  number: string;
  code: 200 | 404;
  status: 'valid' | 'unknown';
}

/** What the client thread measured: the run's wall time and each request's latency, in ms. */
interface ClientRun {
  seconds: number;
  latencies: number[];
  failures: number;
  examples: string[];
}

interface Run {
  perSecond: number;
  p50: number;
  p99: number;
}

/**
 * The HTTP client, in a worker thread of its own so that its work (sockets, parsing the answers,
 * checking them) is not charged to the server under test, which runs on the main thread. Plain
 * `node:http` with a keep-alive agent, one socket per request in flight. Jest does not transform
 * a worker's code, hence plain JavaScript here. Each answer is checked: status code, `status`
 * and `number` of the JSON body.
 */
const CLIENT_SOURCE = `
const { parentPort } = require('node:worker_threads');
const http = require('node:http');

function get(agent, port, request) {
  return new Promise((resolve, reject) => {
    const outgoing = http.get(
      {
        host: '127.0.0.1',
        port,
        path: request.path,
        agent,
        headers: { accept: 'application/json', 'x-forwarded-for': request.address },
      },
      (response) => {
        const chunks = [];
        response.on('data', (chunk) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => resolve({ code: response.statusCode, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    outgoing.on('error', reject);
  });
}

function mismatch(request, answer) {
  if (answer.code !== request.code) {
    return request.path + ' answered ' + answer.code + ', expected ' + request.code + ': ' + answer.body.slice(0, 200);
  }
  let body;
  try {
    body = JSON.parse(answer.body);
  } catch {
    return request.path + ' answered no JSON: ' + answer.body.slice(0, 200);
  }
  if (body.status !== request.status || body.number !== request.number) {
    return request.path + ' answered status ' + body.status + ' for ' + body.number + ', expected ' + request.status;
  }
  return null;
}

parentPort.on('message', async ({ port, requests, concurrency }) => {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies = new Array(requests.length);
  const examples = [];
  let failures = 0;
  let next = 0;
  const worker = async () => {
    while (next < requests.length) {
      const index = next++;
      const request = requests[index];
      const start = process.hrtime.bigint();
      let problem;
      try {
        problem = mismatch(request, await get(agent, port, request));
        latencies[index] = Number(process.hrtime.bigint() - start) / 1e6;
      } catch (error) {
        problem = request.path + ' failed: ' + error.message;
      }
      if (problem) {
        failures++;
        if (examples.length < 5) {
          examples.push(problem);
        }
      }
    }
  };
  const start = process.hrtime.bigint();
  await Promise.all(Array.from({ length: Math.min(concurrency, requests.length) }, worker));
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  agent.destroy();
  parentPort.postMessage({ seconds, latencies: latencies.filter((latency) => latency !== undefined), failures, examples });
});
`;

/** The latency at or below which `share` of the samples fall (nearest rank). */
function percentile(sorted: number[], share: number): number {
  return sorted[Math.max(0, Math.ceil(share * sorted.length) - 1)]!;
}

/** The columns `CertificateRepository.findForVerification` selects, for the baseline's one query. */
const COLUMNS = `c.number, c.holder_name AS "holderName", c.course_title AS "courseTitle",
  c.course_version AS "courseVersion", c.credits, c.issued_at AS "issuedAt", c.expires_at AS "expiresAt",
  c.status, c.status_reason AS "statusReason", c.status_changed_at AS "statusChangedAt"`;

/** An answer as sent: the service's `VerificationAnswer`, with the error model's fields on a 404. */
type VerificationBody = VerificationAnswer & { statusCode?: number; error?: string; message?: string };

/**
 * The floor for one verification: a bare Fastify route and one pooled `pg` query for the same
 * row and columns, answering the same JSON (404 for an unknown number). No Nest, guards,
 * throttler, pipes, interceptors, security headers or TypeORM, and nothing recorded: the
 * service's INSERT into `verification_event` is part of what the ratio measures.
 */
function rawVerifyServer(pool: Pool): FastifyInstance {
  const server = fastify({ logger: false });
  server.get<{ Params: { number: string } }>('/verify/:number', async (request, reply) => {
    const { number } = request.params;
    const { rows } = await pool.query<Certificate & { renewedBy: string | null }>(
      `SELECT ${COLUMNS}, renewal.number AS "renewedBy" FROM certificate c
       LEFT JOIN certificate renewal ON renewal.renews_certificate_id = c.id WHERE c.number = $1`,
      [number],
    );
    const certificate = rows[0];
    if (!certificate) {
      reply.status(404);
      const unknown: VerificationBody = {
        statusCode: 404,
        error: 'Not Found',
        message: 'No certificate with this number.',
        status: 'unknown',
        number,
        holderName: null,
        course: null,
        courseVersion: null,
        credits: [],
        issuedAt: null,
        expiresAt: null,
        reason: null,
        statusChangedAt: null,
        renewedBy: null,
      };
      return unknown;
    }
    const known: VerificationBody = {
      status: verificationStatus(certificate, new Date()),
      number: certificate.number,
      holderName: certificate.holderName,
      course: certificate.courseTitle,
      courseVersion: certificate.courseVersion,
      credits: certificate.credits,
      issuedAt: certificate.issuedAt.toISOString(),
      expiresAt: certificate.expiresAt?.toISOString() ?? null,
      reason: certificate.statusReason ? STATUS_REASONS[certificate.statusReason] : null,
      statusChangedAt:
        certificate.status === 'valid' ? null : (certificate.statusChangedAt?.toISOString() ?? null),
      renewedBy: certificate.renewedBy
        ? {
            number: certificate.renewedBy,
            url: `${request.protocol}://${request.host}/verify/${certificate.renewedBy}`,
          }
        : null,
    };
    return known;
  });
  return server;
}

function portOf(address: AddressInfo | string | null): number {
  if (!address || typeof address === 'string') {
    throw new Error(`Not listening on a TCP port: ${String(address)}`);
  }
  return address.port;
}

describe('public certificate verification', () => {
  let testApp: TestApp;
  let pool: Pool;
  let baseline: FastifyInstance;
  let client: Worker;
  let known: string[];
  const unknown = Array.from({ length: UNKNOWN_NUMBERS }, () => newCertificateNumber());

  beforeAll(async () => {
    testApp = await createTestApp({ contract: false, env: { TRUST_PROXY: 'true' } });
    const { app } = testApp;
    // Real certificates, earned through the services (course, quizzes, evaluation, skills lab
    // signed off, credit claimed), each signed and rendered as the worker would: every row
    // carries its signed credential, as in production a minute after issue.
    const certified: CertifiedLearner[] = [];
    while (certified.length < CERTIFICATES) {
      certified.push(
        ...(await Promise.all(
          Array.from({ length: Math.min(LEARNER_BATCH, CERTIFICATES - certified.length) }, () =>
            certifiedLearner(app, { signed: true }),
          ),
        )),
      );
    }
    if (
      certified.some(({ certificate }) => certificate.status !== 'valid' || certificate.credential === null)
    ) {
      throw new Error('Expected valid, signed certificates');
    }
    known = certified.map(({ number }) => number);

    await app.listen(0, '127.0.0.1');
    pool = new Pool({ connectionString: testApp.databaseUrl, max: POOL_SIZE });
    baseline = rawVerifyServer(pool);
    await baseline.listen({ port: 0, host: '127.0.0.1' });
    client = new Worker(CLIENT_SOURCE, { eval: true });
  });

  afterAll(async () => {
    await client?.terminate();
    await baseline?.close();
    // Before the test app: dropping its database (WITH FORCE) would kill idle pool connections.
    await pool?.end();
    await testApp?.close();
  });

  it('verifies certificates at a fair fraction of a raw pg route', async () => {
    const { app } = testApp;
    const appPort = portOf(app.getHttpServer().address());
    const baselinePort = portOf(baseline.server.address());
    const total = WARM_UP + VERIFICATIONS;
    const addresses = Math.ceil(total / PER_ADDRESS);

    /** `count` requests from the `offset`-th of the traffic on, to `prefix`/{number}. */
    const plan = (prefix: string, offset: number, count: number): Planned[] =>
      Array.from({ length: count }, (_, index): Planned => {
        const at = offset + index;
        const address = `10.77.${Math.floor((at % addresses) / 200)}.${((at % addresses) % 200) + 1}`;
        if (at % UNKNOWN_EVERY === UNKNOWN_EVERY - 1) {
          const number = unknown[at % unknown.length]!;
          return { path: `${prefix}/${number}`, address, number, code: 404, status: 'unknown' };
        }
        const number = known[at % known.length]!;
        return { path: `${prefix}/${number}`, address, number, code: 200, status: 'valid' };
      });

    /** Sends `requests` from the client thread; fails on any wrong answer. */
    const send = async (port: number, requests: Planned[]): Promise<ClientRun> => {
      const answered = new Promise<ClientRun>((resolve, reject) => {
        client.once('message', resolve);
        client.once('error', reject);
      });
      client.postMessage({ port, requests, concurrency: CONCURRENCY });
      const run = await answered;
      client.removeAllListeners('error');
      // Checked on every request: a 429, a 500 or a wrong answer would flatter the rate.
      if (run.failures > 0) {
        throw new Error(`${run.failures} of ${requests.length} answers wrong:\n${run.examples.join('\n')}`);
      }
      return run;
    };

    // Both must answer the same JSON for every number, or the comparison means nothing. One
    // request per number, through inject, from an address of its own.
    const checked = [...known, ...unknown.slice(0, CHECKED_UNKNOWN)];
    for (const number of checked) {
      const headers = { 'x-forwarded-for': '10.78.0.1' };
      const [service, raw] = [
        await app.inject({ method: 'GET', url: `/api/v1/verify/${number}`, headers }),
        await baseline.inject({ method: 'GET', url: `/verify/${number}` }),
      ];
      expect({ number, code: service.statusCode, body: service.json<VerificationBody>() }).toEqual({
        number,
        code: raw.statusCode,
        body: raw.json<VerificationBody>(),
      });
    }

    const paths = {
      service: { port: appPort, prefix: '/api/v1/verify', seconds: 0, latencies: [] as number[] },
      raw: { port: baselinePort, prefix: '/verify', seconds: 0, latencies: [] as number[] },
    };
    await send(appPort, plan(paths.service.prefix, 0, WARM_UP));
    await send(baselinePort, plan(paths.raw.prefix, 0, WARM_UP));
    const roundRatios: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const rates = { service: 0, raw: 0 };
      for (const name of round % 2 === 0 ? (['service', 'raw'] as const) : (['raw', 'service'] as const)) {
        const path = paths[name];
        const run = await send(path.port, plan(path.prefix, WARM_UP + round * PER_ROUND, PER_ROUND));
        path.seconds += run.seconds;
        path.latencies.push(...run.latencies);
        rates[name] = PER_ROUND / run.seconds;
      }
      roundRatios.push(rates.service / rates.raw);
    }
    const summary = ({ seconds, latencies }: { seconds: number; latencies: number[] }): Run => {
      const sorted = latencies.sort((left, right) => left - right);
      return {
        perSecond: sorted.length / seconds,
        p50: percentile(sorted, 0.5),
        p99: percentile(sorted, 0.99),
      };
    };
    const service = summary(paths.service);
    const raw = summary(paths.raw);

    // Every check the service answered is recorded, with its result: the database's own count.
    const recorded = await pool.query<{ result: string; count: number }>(
      `SELECT result, count(*)::int AS count FROM verification_event WHERE channel = 'api' GROUP BY result`,
    );
    const served = checked.length + total;
    const unknownServed = CHECKED_UNKNOWN + Math.floor(total / UNKNOWN_EVERY);
    expect(Object.fromEntries(recorded.rows.map((row) => [row.result, row.count]))).toEqual({
      valid: served - unknownServed,
      unknown: unknownServed,
    });

    console.log(
      [
        `GET /api/v1/verify/{number} over HTTP (127.0.0.1, keep-alive, node:http client in a worker thread, ${availableParallelism()} CPUs), ${CERTIFICATES} signed certificates, ${100 - 100 / UNKNOWN_EVERY}% known / ${100 / UNKNOWN_EVERY}% unknown numbers, ${CONCURRENCY} in flight, ${VERIFICATIONS} verifications each after ${WARM_UP} warm-up, in ${ROUNDS} alternating rounds:`,
        `  service:          ${service.perSecond.toFixed(0)} verifications/s, p50 ${service.p50.toFixed(2)} ms, p99 ${service.p99.toFixed(2)} ms (lookup + every check recorded in verification_event)`,
        `  raw-pg baseline:  ${raw.perSecond.toFixed(0)} verifications/s, p50 ${raw.p50.toFixed(2)} ms, p99 ${raw.p99.toFixed(2)} ms (bare Fastify, one SELECT of the same columns, nothing recorded)`,
        `  → throughput ratio ${(service.perSecond / raw.perSecond).toFixed(2)} (target ≥ 0.80; by round ${roundRatios.map((ratio) => ratio.toFixed(2)).join(' ')}), p99 ratio ${(service.p99 / raw.p99).toFixed(2)}`,
        `  throttler on (600/min per address): TRUST_PROXY=true, ${addresses} X-Forwarded-For addresses, ≤ ${PER_ADDRESS} requests each; every answer checked, none throttled`,
      ].join('\n'),
    );
    expect(paths.service.latencies).toHaveLength(VERIFICATIONS);
    expect(paths.raw.latencies).toHaveLength(VERIFICATIONS);
    expect(service.perSecond).toBeGreaterThan(0);
    expect(raw.perSecond).toBeGreaterThan(0);
  });
});
