import { newCertificateNumber } from '@academy/certificates';
import { completedCourse } from '../factories/completion';
import { createTestApp, TestApp } from '../support/test-app';

const TOKEN = 'a-metrics-token-for-the-scraper';

/** The value of one series in a Prometheus text page (0 when it is not there). */
function valueOf(page: string, series: string): number {
  const line = page.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

/** What an operator's Prometheus scrapes from each API process: `/metrics`, behind a token. */
describe('metrics', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp({ env: { METRICS_TOKEN: TOKEN } });
  });

  afterAll(() => testApp.close());

  const scrape = async (authorization?: string) =>
    testApp.app.inject({
      method: 'GET',
      url: '/metrics',
      headers: authorization ? { authorization } : {},
    });

  it('answers 401 without the token and 401 with a wrong one', async () => {
    const none = await scrape();
    expect(none.statusCode).toBe(401);
    expect(none.headers['www-authenticate']).toContain('Bearer');
    expect(none.json()).toMatchObject({ message: expect.stringContaining('METRICS_TOKEN') });
    expect((await scrape(`Bearer ${TOKEN}x`)).statusCode).toBe(401);
    expect((await scrape(TOKEN)).statusCode).toBe(401);
  });

  it('serves request latency by route, the pool, certificates issued and verifications served', async () => {
    const before = (await scrape(`Bearer ${TOKEN}`)).body;
    const { certificate } = await completedCourse(testApp.app);
    await testApp.app.inject({ method: 'GET', url: `/api/v1/verify/${certificate.number}` });
    await testApp.app.inject({ method: 'GET', url: `/api/v1/verify/${newCertificateNumber()}` });
    await testApp.app.inject({ method: 'GET', url: '/no/such/page' });

    const response = await scrape(`Bearer ${TOKEN}`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/plain');
    expect(response.headers['cache-control']).toBe('no-store');
    const page = response.body;
    // Latency by route pattern, never by raw path (numbers would make a series each).
    expect(page).toMatch(
      /^http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/verify\/:number",status="200"\} [1-9]/m,
    );
    expect(page).toMatch(
      /^http_request_duration_seconds_count\{method="GET",route="unmatched",status="404"\} [1-9]/m,
    );
    expect(page).not.toContain(certificate.number);
    expect(page).toMatch(/^db_pool_connections\{pool="api",state="total"\} [1-9]/m);
    expect(page).toMatch(/^db_pool_connections\{pool="api",state="waiting"\} 0/m);
    expect(valueOf(page, 'certificates_issued_total') - valueOf(before, 'certificates_issued_total')).toBe(1);
    expect(
      valueOf(page, 'certificate_verifications_total{channel="api",status="valid"}'),
    ).toBeGreaterThanOrEqual(1);
    expect(page).toMatch(/^certificate_verifications_total\{channel="api",status="unknown"\} [1-9]/m);
    expect(page).toContain('# TYPE emails_total counter');
  });
});

describe('metrics without a token configured', () => {
  it('are not served at all', async () => {
    const testApp = await createTestApp();
    try {
      const response = await testApp.app.inject({
        method: 'GET',
        url: '/metrics',
        headers: { authorization: 'Bearer anything-at-all-here' },
      });
      expect(response.statusCode).toBe(404);
    } finally {
      await testApp.close();
    }
  });
});
