import { Inject, Injectable, Logger } from '@nestjs/common';
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { Database } from '../database/database';

const SEALED_PREFIX = 'v1';

/**
 * The application secret, for signing what the server hands out (lab tickets) and sealing what
 * it keeps (issuer private keys). It comes from `APP_SECRET`; without it, from a random secret
 * stored in the database on first use (imported from `DATA_DIR/secrets/app-secret` when an
 * older installation left one there), so every replica uses the same one. Each purpose gets its
 * own key derived with HKDF, so one key never stands for another.
 */
@Injectable()
export class AppSecret {
  private readonly logger = new Logger(AppSecret.name);
  private master?: Promise<Buffer>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly db: Database,
  ) {}

  /** HMAC-SHA256 under the key for `purpose`, as a function of the data. */
  async signer(purpose: string): Promise<(data: string) => Buffer> {
    const key = await this.key(purpose);
    return (data) => createHmac('sha256', key).update(data).digest();
  }

  /**
   * `plaintext` encrypted and authenticated (AES-256-GCM) under the key for `purpose`, bound to
   * `context` (e.g. the id of what it belongs to): a sealed value moved to another record does
   * not open.
   */
  async seal(purpose: string, context: string, plaintext: string): Promise<string> {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', await this.key(purpose), iv).setAAD(Buffer.from(context));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [SEALED_PREFIX, iv, cipher.getAuthTag(), ciphertext]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join('.');
  }

  /** What `seal` sealed; throws when the secret or the context is not the one it was sealed with. */
  async open(purpose: string, context: string, sealed: string): Promise<string> {
    const [prefix, iv, tag, ciphertext] = sealed.split('.');
    if (prefix !== SEALED_PREFIX || !iv || !tag || ciphertext === undefined) {
      throw new Error('Not a sealed value');
    }
    const decipher = createDecipheriv('aes-256-gcm', await this.key(purpose), Buffer.from(iv, 'base64url'))
      .setAAD(Buffer.from(context))
      .setAuthTag(Buffer.from(tag, 'base64url'));
    try {
      return Buffer.concat([
        decipher.update(Buffer.from(ciphertext, 'base64url')),
        decipher.final(),
      ]).toString('utf8');
    } catch (error) {
      throw new Error(
        'A sealed value does not open with this application secret: every process must be given the APP_SECRET it was sealed with',
        { cause: error },
      );
    }
  }

  private async key(purpose: string): Promise<Buffer> {
    return Buffer.from(hkdfSync('sha256', await this.masterSecret(), Buffer.alloc(0), purpose, 32));
  }

  private masterSecret(): Promise<Buffer> {
    this.master ??= (
      this.config.appSecret ? Promise.resolve(Buffer.from(this.config.appSecret)) : this.fromDatabase()
    ).catch((error: unknown) => {
      this.master = undefined;
      throw error;
    });
    return this.master;
  }

  private async fromDatabase(): Promise<Buffer> {
    const stored = await this.stored();
    if (stored) {
      return stored;
    }
    const imported = await this.fromOldDataDir();
    // Of processes racing to create it, the first insert wins; the read after it sees the winner.
    const { affected } = await this.db.execute(
      `INSERT INTO app_secret (name, value) VALUES ('master', $1) ON CONFLICT (name) DO NOTHING`,
      [imported ?? randomBytes(32).toString('base64url')],
    );
    if (affected > 0 && !imported && this.config.databaseUrl) {
      this.logger.warn(
        'No APP_SECRET is set: a random application secret was generated and stored in the database, so a backup of the database alone opens the issuer keys. Set APP_SECRET (the same in every process) in production.',
      );
    }
    return (await this.stored())!;
  }

  private async stored(): Promise<Buffer | undefined> {
    const { rows } = await this.db.execute<{ value: string }>(
      `SELECT value FROM app_secret WHERE name = 'master'`,
    );
    return rows[0] ? Buffer.from(rows[0].value) : undefined;
  }

  /** The secret an installation from before replicas kept in `DATA_DIR`, if any (it signed live tickets). */
  private async fromOldDataDir(): Promise<string | undefined> {
    const file = join(this.config.dataDir, 'secrets', 'app-secret');
    try {
      const value = (await readFile(file, 'utf8')).trim();
      this.logger.log(`Importing the application secret from ${file} into the database`);
      return value;
    } catch {
      return undefined;
    }
  }
}
