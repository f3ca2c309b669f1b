import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import type { TestingModule } from '@nestjs/testing';
import type { ModuleMetadata } from '@nestjs/common';
import { AppConfig, Clock, CoreModule, loadConfig } from '@academy/core';
import { createApp } from '../../apps/api/src/create-app';
import { holdToOpenApiDocument } from './openapi-contract';
import { reusePasswordHashes } from './reused-password-hashes';
import { createTestDatabase } from './test-database';

export function testConfig(overrides: NodeJS.ProcessEnv = {}): AppConfig {
  return loadConfig({
    LOG_LEVEL: 'silent',
    DEMO_PASSWORD: 'demo-password-for-tests',
    APP_SECRET: 'a-fixed-application-secret-for-tests-only',
    ...overrides,
  });
}

export interface TestApp {
  app: NestFastifyApplication;
  databaseUrl: string;
  close(): Promise<void>;
}

/**
 * The real HTTP app (same `createApp()` as `npm start`) on a fresh database of its own, its JSON
 * API answers held to the OpenAPI document (see `holdToOpenApiDocument`), each password hashed
 * once (see `reusePasswordHashes`).
 */
export async function createTestApp(
  options: {
    clock?: Clock;
    env?: NodeJS.ProcessEnv;
    /** False for benchmarks, which time the app as deployed: no answer checked against the document. */
    contract?: boolean;
  } = {},
): Promise<TestApp> {
  const database = await createTestDatabase();
  const app = await createApp({
    config: testConfig(options.env),
    databaseUrl: database.url,
    clock: options.clock,
  });
  if (options.contract !== false) {
    await holdToOpenApiDocument(app);
  }
  reusePasswordHashes(app);
  return {
    app,
    databaseUrl: database.url,
    async close() {
      await app.close();
      await database.drop();
    },
  };
}

export interface TestContext {
  module: TestingModule;
  get<T>(token: new (...args: never[]) => T): T;
  close(): Promise<void>;
}

/** Services and repositories wired as in the app, without HTTP, on a fresh database (passwords as in `createTestApp`). */
export async function createTestContext(
  imports: ModuleMetadata['imports'],
  options: { clock?: Clock; env?: NodeJS.ProcessEnv } = {},
): Promise<TestContext> {
  const database = await createTestDatabase();
  const module = await Test.createTestingModule({
    imports: [
      CoreModule.forRoot({
        config: testConfig(options.env),
        databaseUrl: database.url,
        clock: options.clock,
        http: false,
      }),
      ...(imports ?? []),
    ],
  }).compile();
  await module.init();
  reusePasswordHashes(module);
  return {
    module,
    get: (token) => module.get(token),
    async close() {
      await module.close();
      await database.drop();
    },
  };
}
