import { DynamicModule, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { AuditEventEntity } from './audit/audit-event.entity';
import { AuditEventRepository } from './audit/audit-event.repository';
import { AuditService } from './audit/audit.service';
import { LedgerEntryRepository } from './audit/ledger-entry.repository';
import { Clock, SystemClock } from './clock/clock';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { Database } from './database/database';
import { dataSourceOptions } from './database/data-source-options';
import { HealthController } from './health/health.controller';
import { loggerParams } from './logging/logging';
import { RequestContextMiddleware } from './request/request-context.middleware';
import { AppSecret } from './secrets/app-secret';
import { DATABASE_URL } from './database/database-url';
import { JobQueue } from './jobs/job-queue';
import { PostgresThrottlerStorage, PruneRateLimitsJob } from './request/rate-limit.storage';
import { Metrics } from './metrics/metrics';
import { MetricsController } from './metrics/metrics.controller';

export interface CoreOptions {
  config: AppConfig;
  /** The database to use: `config.databaseUrl` or the embedded server's. */
  databaseUrl: string;
  /** Tests pass a `FakeClock`. */
  clock?: Clock;
  /** The HTTP process serves health probes; the worker does not. */
  http?: boolean;
  /** The series to add to: jobs run in the API's process report into the API's. */
  metrics?: Metrics;
}

/** Reports the database pool of this context into its metrics, as `api` or `worker`. */
const POOL_METRICS = Symbol('POOL_METRICS');

/** Config, logging, database, clock and audit trail: what every process and feature stands on. */
@Module({})
export class CoreModule implements NestModule {
  static forRoot(options: CoreOptions): DynamicModule {
    return {
      module: CoreModule,
      global: true,
      imports: [
        ConfigModule.forRoot(options.config),
        // Domain events between features (e.g. learning's progress → certificate issuance),
        // delivered in the emitter's transaction: listeners run inside it and can fail it.
        EventEmitterModule.forRoot(),
        LoggerModule.forRoot(loggerParams(options.config.logLevel)),
        TypeOrmModule.forRoot({ ...dataSourceOptions(options.databaseUrl), autoLoadEntities: true }),
        TypeOrmModule.forFeature([AuditEventEntity]),
      ],
      controllers: options.http === false ? [] : [HealthController, MetricsController],
      providers: [
        { provide: Metrics, useValue: options.metrics ?? new Metrics() },
        {
          provide: POOL_METRICS,
          inject: [Metrics, Database],
          useFactory: (metrics: Metrics, db: Database) => {
            const unwatch = metrics.watchPool(options.http === false ? 'worker' : 'api', db.pool);
            return { onModuleDestroy: unwatch };
          },
        },
        { provide: DATABASE_URL, useValue: options.databaseUrl },
        Database,
        JobQueue,
        options.clock
          ? { provide: Clock, useValue: options.clock }
          : { provide: Clock, useClass: SystemClock },
        AuditEventRepository,
        LedgerEntryRepository,
        AuditService,
        AppSecret,
        PostgresThrottlerStorage,
        PruneRateLimitsJob,
      ],
      exports: [
        Metrics,
        DATABASE_URL,
        Database,
        JobQueue,
        Clock,
        AuditService,
        LedgerEntryRepository,
        AppSecret,
        PostgresThrottlerStorage,
        PruneRateLimitsJob,
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RequestContextMiddleware).forRoutes('*path');
  }
}
