import { multipartFile, tinyPng } from '../factories/images';
import { bearerToken, newUser } from '../factories/users';
import { createTestApp, TestApp } from '../support/test-app';

describe('lesson images', () => {
  let testApp: TestApp;
  let admin: Record<string, string>;

  const upload = (file: { payload: Buffer; contentType: string }) =>
    testApp.app.inject({
      method: 'POST',
      url: '/api/v1/admin/media',
      headers: { ...admin, 'content-type': file.contentType },
      payload: file.payload,
    });

  beforeAll(async () => {
    testApp = await createTestApp();
    admin = {
      authorization: `Bearer ${await bearerToken(testApp.app, await newUser(testApp.app, { roles: ['admin'] }))}`,
    };
  });

  afterAll(() => testApp.close());

  it('stores an uploaded image once and serves it with long-lived caching', async () => {
    const png = tinyPng(1);
    const first = await upload(multipartFile('file', 'psis.png', 'image/png', png));
    expect(first.statusCode).toBe(201);
    const stored = first.json<{ id: string; url: string; contentType: string; byteSize: number }>();
    expect(stored).toMatchObject({
      url: `/media/${stored.id}`,
      contentType: 'image/png',
      byteSize: png.length,
    });
    const again = await upload(multipartFile('file', 'copy.png', 'image/png', png));
    expect(again.json<{ id: string }>().id).toBe(stored.id);

    const served = await testApp.app.inject({ method: 'GET', url: stored.url });
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('image/png');
    expect(served.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(served.rawPayload.equals(png)).toBe(true);
    const cached = await testApp.app.inject({
      method: 'GET',
      url: stored.url,
      headers: { 'if-none-match': String(served.headers.etag) },
    });
    expect(cached.statusCode).toBe(304);
  });

  it('judges the type by the bytes, not the claimed type, and refuses other files', async () => {
    const script = await upload(
      multipartFile('file', 'evil.png', 'image/png', Buffer.from('<script>alert(1)</script>')),
    );
    expect(script.statusCode).toBe(415);
    expect(script.json()).toMatchObject({
      code: 'MEDIA_TYPE_REFUSED',
      fields: { file: [expect.stringContaining('PNG, JPEG')] },
    });
    const renamed = await upload(multipartFile('file', 'photo.jpg', 'image/jpeg', tinyPng(2)));
    expect(renamed.json()).toMatchObject({ contentType: 'image/png' });
  });

  it('refuses images over 5 MB and requests without a file', async () => {
    const huge = Buffer.concat([tinyPng(3), Buffer.alloc(5 * 1024 * 1024)]);
    const tooLarge = await upload(multipartFile('file', 'huge.png', 'image/png', huge));
    expect(tooLarge.statusCode).toBe(413);
    const none = await testApp.app.inject({
      method: 'POST',
      url: '/api/v1/admin/media',
      headers: { ...admin, 'content-type': 'application/json' },
      payload: '{}',
    });
    expect(none.statusCode).toBeGreaterThanOrEqual(400);
    expect(none.statusCode).toBeLessThan(500);
    expect(
      (await testApp.app.inject({ method: 'GET', url: '/media/00000000-0000-4000-8000-000000000000' }))
        .statusCode,
    ).toBe(404);
    // An address that cannot name any file is a page that does not exist, as for any bad id in a page address.
    expect((await testApp.app.inject({ method: 'GET', url: '/media/not-an-id' })).statusCode).toBe(404);
  });
});
