import Fastify from 'fastify';
import { sendDownload, sendImmutable } from './download';

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
