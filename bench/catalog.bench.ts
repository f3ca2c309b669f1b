import fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { Pool } from 'pg';
import type { CourseContent } from '@academy/catalog';
import { newPublishedCourse } from '../test/factories/courses';
import { createTestApp, TestApp } from '../test/support/test-app';

const PAGE_SIZE = 20;
const PAGE_URL = `/api/v1/courses?limit=${PAGE_SIZE}`;
// The app's throttler allows 600 requests a minute per address, and every inject comes from
// 127.0.0.1: one check, the warm-up and the timed requests must stay below that, or we would
// time 429s (each answer's status is checked, so that fails loudly rather than flattering).
const WARM_UP = 50;
const REQUESTS = 300;

// 8 × 5 = 40 courses, two catalog pages. Titles are built so that their alphabetical order (the
// catalog's order) differs from the order of creation, and the page is a real sort, not a scan.
const SUBJECTS = [
  'Iliac Crest Aspiration',
  'Platelet-Rich Plasma',
  'Adipose Harvest',
  'Ultrasound Guidance',
  'Knee Injection',
  'Shoulder Injection',
  'Tendon Repair',
  'Sterile Technique',
];
const LEVELS = ['Basics', 'Advanced', 'Refresher', 'Pitfalls', 'Case Review'];

/** The public catalog item as `toCatalogItemDto` shapes it (the DTO is not exported by the lib). */
interface CatalogItem {
  id: string;
  slug: string;
  title: string;
  summary: string;
  topics: string[];
  modules: { kind: string; title: string }[];
  credits: { type: string; max: number }[];
  skillsLabRequired: boolean;
  version: number;
}

interface CatalogPage {
  items: CatalogItem[];
  total: number;
}

/** A row of the baseline query: the columns `findCatalogPage` selects. */
interface CatalogRecord {
  course_id: string;
  slug: string;
  version_id: string;
  number: number;
  content_hash: string;
  published_at: Date;
  content: CourseContent;
  total: string;
}

type Send = () => Promise<{ statusCode: number; json<T>(): T }>;

async function fetchPage(send: Send, name: string): Promise<CatalogPage> {
  const response = await send();
  if (response.statusCode !== 200) {
    throw new Error(`${name} answered ${response.statusCode}`);
  }
  return response.json<CatalogPage>();
}

/** Sends `warmUp` untimed requests, then answers the requests per second of `requests` sequential ones. */
async function requestsPerSecond(send: Send, name: string): Promise<number> {
  for (let index = 0; index < WARM_UP; index++) {
    await fetchPage(send, name);
  }
  const start = process.hrtime.bigint();
  for (let index = 0; index < REQUESTS; index++) {
    const response = await send();
    if (response.statusCode !== 200) {
      throw new Error(`${name} answered ${response.statusCode}`);
    }
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return REQUESTS / seconds;
}

/**
 * The floor for this page: one pooled `pg` query and a bare Fastify route, no Nest, TypeORM,
 * guards, validation or hooks. The query is what `findCatalogPage` selected before it kept
 * published content in memory (content is frozen once published): the same page, filter, order
 * and total, each version's content read and parsed on every request, as a plain route would.
 */
function rawCatalogServer(pool: Pool): FastifyInstance {
  const server = fastify({ logger: false });
  server.get('/api/v1/courses', async (): Promise<CatalogPage> => {
    const { rows } = await pool.query<CatalogRecord>(
      `SELECT c.id AS course_id, c.slug, v.id AS version_id, v.number, v.content_hash, v.published_at, v.content,
              count(*) OVER () AS total
       FROM course_version v JOIN course c ON c.id = v.course_id
       WHERE v.status = 'published'
       ORDER BY lower(v.title), c.id
       LIMIT $1 OFFSET $2`,
      [PAGE_SIZE, 0],
    );
    return {
      total: rows.length > 0 ? Number(rows[0]?.total) : 0,
      items: rows.map(({ course_id, slug, number, content }) => ({
        id: course_id,
        slug,
        title: content.title,
        summary: content.summary,
        topics: content.topics,
        modules: content.modules.map((module) => ({ kind: module.kind, title: module.title })),
        credits: content.credits.map((credit) => ({ type: credit.type, max: credit.max })),
        skillsLabRequired: content.skillsLabRequired,
        version: number,
      })),
    };
  });
  return server;
}

describe('public catalog page', () => {
  let testApp: TestApp;
  let pool: Pool;
  let baseline: FastifyInstance;

  beforeAll(async () => {
    // Timed as deployed: no answer checked against the OpenAPI document (as the other benches).
    testApp = await createTestApp({ contract: false });
    // Sequential: each publish is a few queries, and 40 of them take well under a second.
    for (const subject of SUBJECTS) {
      for (const level of LEVELS) {
        await newPublishedCourse(testApp.app, {
          title: `${subject}: ${level}`,
          topics: [subject.toLowerCase(), level.toLowerCase()],
        });
      }
    }
    pool = new Pool({ connectionString: testApp.databaseUrl });
    baseline = rawCatalogServer(pool);
  });

  afterAll(async () => {
    await baseline.close();
    // Before the test app: dropping its database (WITH FORCE) would kill idle pool connections.
    await pool.end();
    await testApp.close();
  });

  it('answers GET /api/v1/courses at a fair fraction of a raw pg route', async () => {
    const { app } = testApp;
    const catalog: Send = () => app.inject({ method: 'GET', url: PAGE_URL });
    const raw: Send = () => baseline.inject({ method: 'GET', url: PAGE_URL });

    // Both must answer the same page, or the comparison means nothing.
    const [catalogPage, rawPage] = [await fetchPage(catalog, 'catalog'), await fetchPage(raw, 'baseline')];
    expect(catalogPage.items.map((item) => item.id)).toEqual(rawPage.items.map((item) => item.id));
    expect(catalogPage.items).toHaveLength(PAGE_SIZE);

    const catalogRate = await requestsPerSecond(catalog, 'GET /api/v1/courses');
    const baselineRate = await requestsPerSecond(raw, 'raw-pg baseline');
    console.log(
      `GET /api/v1/courses: ${catalogRate.toFixed(0)} req/s vs raw-pg baseline ${baselineRate.toFixed(0)} req/s → ratio ${(catalogRate / baselineRate).toFixed(2)} (target ≥ 0.50)`,
    );
    expect(catalogRate).toBeGreaterThan(0);
    expect(baselineRate).toBeGreaterThan(0);
  });
});
