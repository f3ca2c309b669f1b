import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../paths/project-root';
import { ConfigError, DEFAULT_MOC_BOARDS, DEFAULT_VIDEO_HOSTS, ENVIRONMENT, loadConfig } from './app-config';

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
      metricsToken: undefined,
      workerPort: 3001,
      cmeProviderName: 'Regen Academy',
      videoHosts: DEFAULT_VIDEO_HOSTS,
      mocBoards: DEFAULT_MOC_BOARDS,
      labSignOffGraceMs: 12 * 3_600_000,
      academyTimeZone: 'UTC',
    });
    expect(config.demoPassword.length).toBeGreaterThanOrEqual(16);
  });

  it('reads the lab sign-off grace in hours and the academy’s zone, refusing what is neither', () => {
    expect(loadConfig({ LAB_SIGN_OFF_GRACE_HOURS: '2' }).labSignOffGraceMs).toBe(2 * 3_600_000);
    expect(() => loadConfig({ LAB_SIGN_OFF_GRACE_HOURS: '200' })).toThrow(
      'Invalid configuration: LAB_SIGN_OFF_GRACE_HOURS must be a whole number of hours from 0 to 168',
    );
    expect(loadConfig({ ACADEMY_TIME_ZONE: 'America/New_York' }).academyTimeZone).toBe('America/New_York');
    expect(() => loadConfig({ ACADEMY_TIME_ZONE: 'EST' })).toThrow(
      'Invalid configuration: ACADEMY_TIME_ZONE must be an IANA time zone',
    );
  });

  it('reads the boards MOC is reported to, with their due days, and refuses an unknown board naming it', () => {
    expect(loadConfig({ MOC_BOARDS: ' abim , ABA:45,ABIM:10' }).mocBoards).toEqual([
      { board: 'ABIM', dueDays: 30 },
      { board: 'ABA', dueDays: 45 },
    ]);
    expect(() => loadConfig({ MOC_BOARDS: 'ABIM,XYZ' })).toThrow(
      'Invalid configuration: MOC_BOARDS must be board codes',
    );
    expect(() => loadConfig({ MOC_BOARDS: 'ABIM:0' })).toThrow('"ABIM:0" is not');
  });

  it('reads the hosts lesson videos may be linked from, and refuses anything but host names', () => {
    expect(loadConfig({ VIDEO_HOSTS: ' Player.Vimeo.com , www.youtube.com ' }).videoHosts).toEqual([
      'player.vimeo.com',
      'www.youtube.com',
    ]);
    expect(() => loadConfig({ VIDEO_HOSTS: 'https://evil.example/x' })).toThrow(
      'Invalid configuration: VIDEO_HOSTS must be host names separated by commas',
    );
  });

  it('takes the demo staff’s authenticator secret as an app shows it, or draws a random one', () => {
    expect(loadConfig({ DEMO_TOTP_SECRET: 'jbsw y3dp ehpk 3pxp' }).demoTotpSecret).toBe('JBSWY3DPEHPK3PXP');
    const drawn = [loadConfig({}).demoTotpSecret, loadConfig({}).demoTotpSecret];
    expect(drawn[0]).toMatch(/^[A-Z2-7]{32}$/);
    expect(drawn[0]).not.toBe(drawn[1]);
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

  it('reads secrets from files, as container secrets hand them over', () => {
    const dir = mkdtempSync(join(tmpdir(), 'secrets-'));
    writeFileSync(join(dir, 'database_url'), 'postgres://academy:s3cret@db:5432/academy\n');
    writeFileSync(join(dir, 'app_secret'), `${'k'.repeat(40)}\n`);
    writeFileSync(join(dir, 'metrics_token'), 'scrape-me-please-1234');
    const config = loadConfig(
      {
        DATABASE_URL_FILE: join(dir, 'database_url'),
        APP_SECRET_FILE: 'app_secret',
        METRICS_TOKEN_FILE: join(dir, 'metrics_token'),
      },
      dir,
    );
    expect(config).toMatchObject({
      databaseUrl: 'postgres://academy:s3cret@db:5432/academy',
      appSecret: 'k'.repeat(40),
      metricsToken: 'scrape-me-please-1234',
    });
    expect(() => loadConfig({ APP_SECRET_FILE: join(dir, 'missing') })).toThrow(
      `Invalid configuration: APP_SECRET_FILE cannot be read: ${join(dir, 'missing')} (no such file)`,
    );
    expect(() =>
      loadConfig({ APP_SECRET: 'x'.repeat(40), APP_SECRET_FILE: join(dir, 'app_secret') }),
    ).toThrow('APP_SECRET_FILE and APP_SECRET are both set: keep one');
    // What the file holds is checked like the variable itself.
    writeFileSync(join(dir, 'short'), 'short\n');
    expect(() => loadConfig({ APP_SECRET_FILE: join(dir, 'short') })).toThrow(
      'APP_SECRET must be at least 32 characters long',
    );
  });

  it('reads blank variables as unset, and flags in any case', () => {
    expect(loadConfig({ PORT: '  ', SEED_DEMO: '', LOG_LEVEL: ' ' }, '/srv')).toMatchObject({
      port: 3000,
      seedDemo: true,
      logLevel: 'info',
    });
    expect(loadConfig({ TRUST_PROXY: ' YES ', LOG_LEVEL: 'Debug' })).toMatchObject({
      trustProxy: true,
      logLevel: 'debug',
    });
  });

  it('documents exactly the variables it reads in the README', () => {
    const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8');
    const section = readme.slice(
      readme.indexOf('## Configuration'),
      readme.indexOf('\n## ', readme.indexOf('## Configuration') + 5),
    );
    const documented = [...section.matchAll(/^\| `([A-Z_]+)`/gm)].map((match) => match[1]);
    expect(documented.sort()).toEqual(Object.keys(ENVIRONMENT.shape).sort());
  });

  it.each([
    [{ PORT: 'abc' }, 'Invalid configuration: PORT must be a whole number from 1 to 65535, got "abc"'],
    [{ PORT: '70000' }, 'PORT must be a whole number'],
    [{ DATABASE_URL: 'mysql://x/y' }, 'DATABASE_URL must use postgres://'],
    [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL must be a URL'],
    [{ DATABASE_URL: 'postgres://host:5432' }, 'DATABASE_URL must name a database'],
    [{ PUBLIC_URL: 'ftp://x' }, 'PUBLIC_URL must use http or https'],
    [
      { PUBLIC_URL: 'academy.example.org' },
      'PUBLIC_URL must be an absolute http(s) URL, got "academy.example.org"',
    ],
    [{ PUBLIC_URL: 'https://academy.example.org/?x=1' }, 'PUBLIC_URL must not carry a query or fragment'],
    [
      { TRUST_PROXY: 'sometimes' },
      'Invalid configuration: TRUST_PROXY must be true or false, got "sometimes"',
    ],
    [{ DEMO_PASSWORD: 'x'.repeat(129) }, 'DEMO_PASSWORD must be 8 to 128 characters long'],
    [{ DEMO_PASSWORD: 'short' }, 'DEMO_PASSWORD must be 8 to 128 characters long'],
    [{ SEED_DEMO: 'maybe' }, 'SEED_DEMO must be true or false'],
    [{ DEMO_TOTP_SECRET: 'not-base32!' }, 'DEMO_TOTP_SECRET must be a base32 secret'],
    [{ DEMO_TOTP_SECRET: 'ABCDEF' }, 'DEMO_TOTP_SECRET must be a base32 secret'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL must be one of'],
    [{ SMTP_URL: 'http://mail' }, 'SMTP_URL must use smtp:// or smtps://'],
    [{ SMTP_URL: 'nope' }, 'SMTP_URL must be a URL'],
    [{ MAIL_FROM: 'not an address' }, 'MAIL_FROM must be an address'],
    [{ APP_SECRET: 'short' }, 'APP_SECRET must be at least 32 characters long'],
    [{ METRICS_TOKEN: 'short' }, 'METRICS_TOKEN must be at least 16 characters long'],
    [{ WORKER_PORT: '0' }, 'WORKER_PORT must be a whole number from 1 to 65535'],
  ])('rejects %j with one line naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
