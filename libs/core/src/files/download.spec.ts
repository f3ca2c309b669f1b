import Fastify from 'fastify';
import { requestedRange, sendDownload, sendImmutable } from './download';

describe('files leaving the platform', () => {
  const app = Fastify();
  app.get('/private', (_request, reply) =>
    sendDownload(reply, {
      type: 'application/pdf',
      fileName: 'Zoë Łukasiewicz "2026".pdf',
      body: Buffer.from('%PDF'),
    }),
  );
  app.get('/image', (request, reply) =>
    sendImmutable(
      reply,
      { type: 'image/png', etag: '"abc"', body: Buffer.from('png') },
      request.headers['if-none-match'],
    ),
  );

  afterAll(() => app.close());

  it('sends a private download typed, named in any script, never cached or sniffed', async () => {
    const response = await app.inject({ method: 'GET', url: '/private' });
    expect(response.headers).toMatchObject({
      'content-type': 'application/pdf',
      'cache-control': 'private, no-store',
      'x-content-type-options': 'nosniff',
    });
    const disposition = String(response.headers['content-disposition']);
    expect(disposition).toMatch(/^attachment; filename="Zo\? \?ukasiewicz \\"2026\\"\.pdf"; /);
    expect(disposition).toContain("filename*=UTF-8''Zo%C3%AB%20%C5%81ukasiewicz%20%222026%22.pdf");
  });

  it('lets caches keep a content-addressed image, and answers 304 to a browser that has it', async () => {
    const first = await app.inject({ method: 'GET', url: '/image' });
    expect(first.headers).toMatchObject({
      'cache-control': 'public, max-age=31536000, immutable',
      etag: '"abc"',
      'content-disposition': 'inline',
    });
    const again = await app.inject({ method: 'GET', url: '/image', headers: { 'if-none-match': '"abc"' } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
  });
});

describe('requestedRange', () => {
  it('reads a start and end, an open end, a suffix, and refuses ranges past the end', () => {
    expect(requestedRange(undefined, 100)).toBe('whole');
    expect(requestedRange('bytes=0-9', 100)).toEqual({ start: 0, end: 9 });
    expect(requestedRange('bytes=90-', 100)).toEqual({ start: 90, end: 99 });
    expect(requestedRange('bytes=95-200', 100)).toEqual({ start: 95, end: 99 });
    expect(requestedRange('bytes=-10', 100)).toEqual({ start: 90, end: 99 });
    expect(requestedRange('bytes=-500', 100)).toEqual({ start: 0, end: 99 });
    expect(requestedRange('bytes=100-', 100)).toBe('unsatisfiable');
    expect(requestedRange('bytes=9-3', 100)).toBe('unsatisfiable');
    expect(requestedRange('bytes=abc', 100)).toBe('unsatisfiable');
    expect(requestedRange('bytes=0-1,5-9', 100)).toBe('whole');
    expect(requestedRange('lines=1-2', 100)).toBe('whole');
  });
});
