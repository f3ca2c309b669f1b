import { freePort } from '@academy/core';
import { start, untilReady } from '../support/app-process';
import { createTestDatabase } from '../support/test-database';

interface LogLine {
  level: number;
  msg: string;
  req?: { id: string; method: string; url: string };
  res?: { statusCode: number };
  route?: string;
  userId?: string;
  responseTime?: number;
}

/** The request log an operator reads: one line per request, the facts named, no secret anywhere. */
describe('the request log', () => {
  it('writes one line per request (method, route, status, duration, id, user) and no password or token', async () => {
    const database = await createTestDatabase();
    const port = await freePort();
    const server = start({
      DATABASE_URL: database.url,
      PORT: String(port),
      LOG_LEVEL: 'info',
      APP_SECRET: 'a request-log test secret of 32+ characters',
      // Behind a proxy: the banner names both the public address and where this process listens.
      PUBLIC_URL: 'https://academy.example.org',
    });
    const base = `http://127.0.0.1:${port}`;
    const password = 'a very memorable passphrase 77';
    try {
      await untilReady(server, port, 60_000);
      const json = { 'content-type': 'application/json' };
      await fetch(`${base}/api/v1/auth/register`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({
          fullName: 'Dr Logged',
          email: 'logged@clinic.example',
          password,
          degree: 'MD',
          specialty: 'Sports medicine',
        }),
      });
      const token = (
        (await (
          await fetch(`${base}/api/v1/auth/token`, {
            method: 'POST',
            headers: json,
            body: JSON.stringify({ email: 'logged@clinic.example', password }),
          })
        ).json()) as { accessToken: string }
      ).accessToken;
      const me = await fetch(`${base}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
      const meId = ((await me.json()) as { id: string }).id;
      await fetch(`${base}/api/v1/courses/not-a-course`);
      await fetch(`${base}/reset-password?token=secret-looking-token-value`);
      await fetch(`${base}/health/ready`);
      // Lines are written as each answer finishes.
      await new Promise((resolve) => setTimeout(resolve, 300));

      const lines = server
        .output()
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as LogLine)
        .filter((line) => line.req !== undefined);
      const byMessage = (prefix: string) => lines.filter((line) => line.msg.startsWith(prefix));
      expect(byMessage('POST /api/v1/auth/register 201 ')).toHaveLength(1);
      expect(byMessage('POST /api/v1/auth/token 200 ')).toHaveLength(1);
      const [mine] = byMessage('GET /api/v1/me 200 ');
      expect(mine).toMatchObject({
        level: 30,
        route: '/api/v1/me',
        userId: meId,
        res: { statusCode: 200 },
        req: { method: 'GET', url: '/api/v1/me', id: expect.stringMatching(/^[0-9a-f-]{36}$/) },
      });
      expect(typeof mine!.responseTime).toBe('number');
      expect(byMessage('GET /api/v1/courses/:idOrSlug 404 ')[0]).toMatchObject({ level: 30 });
      expect(byMessage('GET /reset-password 200 ')[0]!.req!.url).toBe('/reset-password?token=[redacted]');
      expect(lines.filter((line) => line.req!.url.startsWith('/health/'))).toEqual([]);

      const everything = server.output();
      expect(everything).toContain('Regen Academy is ready at https://academy.example.org');
      expect(everything).toContain(`Listening on port ${port} of every interface (http://localhost:${port})`);
      // A start at the default level leaves Nest's wiring (modules loaded, routes mapped) to debug.
      expect(everything).not.toContain('Mapped {');
      expect(everything).not.toContain('dependencies initialized');
      for (const secret of [password, token, 'secret-looking-token-value', 'secretKey']) {
        expect(everything).not.toContain(secret);
      }
    } finally {
      await server.stop();
      await database.drop();
    }
  });
});
