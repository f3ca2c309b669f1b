import { Inject, Injectable } from '@nestjs/common';
import { createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';

/**
 * The application secret, for signing things the server hands out (lab tickets). It comes from
 * `APP_SECRET`, or else from a random file in `DATA_DIR` created on first use with mode 0600.
 * Each purpose gets its own key derived with HKDF, so one signature never stands for another.
 */
@Injectable()
export class AppSecret {
  private secret?: Buffer;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** HMAC-SHA256 of `data` under the key for `purpose`. */
  sign(purpose: string, data: string): Buffer {
    const key = Buffer.from(hkdfSync('sha256', this.master(), Buffer.alloc(0), purpose, 32));
    return createHmac('sha256', key).update(data).digest();
  }

  private master(): Buffer {
    this.secret ??= this.config.appSecret ? Buffer.from(this.config.appSecret) : this.fromDataDir();
    return this.secret;
  }

  private fromDataDir(): Buffer {
    const dir = join(this.config.dataDir, 'secrets');
    const file = join(dir, 'app-secret');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    try {
      // 'wx' fails if another process created it first; then read theirs.
      writeFileSync(file, randomBytes(32).toString('base64url'), { flag: 'wx', mode: 0o600 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw error;
      }
    }
    return readFileSync(file);
  }
}
