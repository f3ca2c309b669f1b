import { ConfigError, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('uses the documented defaults on an empty environment', () => {
    const config = loadConfig({}, '/srv/academy');
    expect(config).toMatchObject({
      port: 3000,
      databaseUrl: undefined,
      dataDir: '/srv/academy/var',
      publicUrl: 'http://localhost:3000',
      behindTls: false,
      seedDemo: true,
      trustProxy: false,
      logLevel: 'info',
      smtpUrl: undefined,
      mailFrom: 'Regen Academy <no-reply@localhost>',
      appSecret: undefined,
      issuerKeyFile: undefined,
    });
    expect(config.demoPassword.length).toBeGreaterThanOrEqual(16);
  });

  it('derives the public URL from the port and detects TLS from it', () => {
    expect(loadConfig({ PORT: '8080' }).publicUrl).toBe('http://localhost:8080');
    const config = loadConfig({ PUBLIC_URL: 'https://academy.example.org/' });
    expect(config.publicUrl).toBe('https://academy.example.org');
    expect(config.behindTls).toBe(true);
  });

  it('does not seed demo data into an external database unless asked', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u:p@db:5432/academy' }).seedDemo).toBe(false);
    expect(loadConfig({ DATABASE_URL: 'postgres://u:p@db:5432/academy', SEED_DEMO: 'true' }).seedDemo).toBe(
      true,
    );
  });

  it.each([
    [{ PORT: 'abc' }, 'Invalid configuration: PORT must be a whole number from 1 to 65535, got "abc"'],
    [{ PORT: '70000' }, 'PORT must be a whole number'],
    [{ DATABASE_URL: 'mysql://x/y' }, 'DATABASE_URL must use postgres://'],
    [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL must be a URL'],
    [{ DATABASE_URL: 'postgres://host:5432' }, 'DATABASE_URL must name a database'],
    [{ PUBLIC_URL: 'ftp://x' }, 'PUBLIC_URL must use http or https'],
    [{ DEMO_PASSWORD: 'short' }, 'DEMO_PASSWORD must be 8 to 128 characters long'],
    [{ SEED_DEMO: 'maybe' }, 'SEED_DEMO must be true or false'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL must be one of'],
    [{ SMTP_URL: 'http://mail' }, 'SMTP_URL must use smtp:// or smtps://'],
    [{ SMTP_URL: 'nope' }, 'SMTP_URL must be a URL'],
    [{ MAIL_FROM: 'not an address' }, 'MAIL_FROM must be an address'],
    [{ APP_SECRET: 'short' }, 'APP_SECRET must be at least 32 characters long'],
  ])('rejects %j with one line naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
