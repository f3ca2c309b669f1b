import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { Database } from '../database/database';
import { createTestContext, TestContext } from '../../../../test/support/test-app';
import { AppSecret } from './app-secret';

describe('the application secret', () => {
  let context: TestContext;
  let config: AppConfig;
  const aProcess = (overrides: Partial<AppConfig> = {}) =>
    new AppSecret({ ...config, appSecret: undefined, ...overrides }, context.get(Database));

  beforeAll(async () => {
    context = await createTestContext([]);
    config = context.module.get<AppConfig>(APP_CONFIG);
  });

  afterAll(() => context.close());

  it('is generated once in the database and shared by processes that share no disk', async () => {
    const [one, two, three] = [
      aProcess({ dataDir: '/nonexistent/a' }),
      aProcess({ dataDir: '/nonexistent/b' }),
      aProcess(),
    ];
    const signers = await Promise.all([one, two, three].map((secret) => secret.signer('lab-ticket')));
    const signatures = new Set(signers.map((sign) => sign('ABC').toString('hex')));
    expect(signatures.size).toBe(1);
    // Purposes do not share keys.
    expect((await one.signer('other')).call(null, 'ABC').toString('hex')).not.toBe([...signatures][0]);
    const { rows } = await context
      .get(Database)
      .execute<{ count: string }>('SELECT count(*) FROM app_secret');
    expect(Number(rows[0]!.count)).toBe(1);
  });

  it('seals values that open only with the same secret, purpose and context', async () => {
    const secret = aProcess();
    const sealed = await secret.seal('issuer-private-key', 'did:key:z6MkA', '{"secret":"s3cr3t"}');
    expect(sealed).not.toContain('s3cr3t');
    expect(await aProcess().open('issuer-private-key', 'did:key:z6MkA', sealed)).toBe('{"secret":"s3cr3t"}');
    await expect(secret.open('issuer-private-key', 'did:key:z6MkB', sealed)).rejects.toThrow(
      'every process must be given the APP_SECRET it was sealed with',
    );
    await expect(secret.open('another-purpose', 'did:key:z6MkA', sealed)).rejects.toThrow();
    const given = aProcess({ appSecret: 'an-operator-given-secret-of-32-characters' });
    await expect(given.open('issuer-private-key', 'did:key:z6MkA', sealed)).rejects.toThrow();
    const byOperator = await given.seal('issuer-private-key', 'did:key:z6MkA', 'x');
    expect(
      await aProcess({ appSecret: 'an-operator-given-secret-of-32-characters' }).open(
        'issuer-private-key',
        'did:key:z6MkA',
        byOperator,
      ),
    ).toBe('x');
  });
});

describe('the application secret of an installation from before', () => {
  it('is imported from DATA_DIR/secrets/app-secret, so tickets it signed stay valid', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'academy-secret-'));
    await mkdir(join(dataDir, 'secrets'));
    await writeFile(join(dataDir, 'secrets', 'app-secret'), 'the-secret-an-older-installation-generated');
    const context = await createTestContext([], { env: { DATA_DIR: dataDir } });
    try {
      const config = context.module.get<AppConfig>(APP_CONFIG);
      const imported = new AppSecret({ ...config, appSecret: undefined }, context.get(Database));
      const asBefore = new AppSecret(
        { ...config, appSecret: 'the-secret-an-older-installation-generated' },
        context.get(Database),
      );
      expect((await imported.signer('lab-ticket'))('ABC')).toEqual(
        (await asBefore.signer('lab-ticket'))('ABC'),
      );
      const elsewhere = new AppSecret(
        { ...config, appSecret: undefined, dataDir: '/nonexistent' },
        context.get(Database),
      );
      expect((await elsewhere.signer('lab-ticket'))('ABC')).toEqual(
        (await asBefore.signer('lab-ticket'))('ABC'),
      );
    } finally {
      await context.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
