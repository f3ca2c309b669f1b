import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { CoreModule, CoreOptions, PostgresThrottlerStorage, RouteThrottlerGuard } from '@academy/core';
import { AssessmentModule } from '@academy/assessment';
import { CatalogModule } from '@academy/catalog';
import { IdentityModule } from '@academy/identity';
import { LearningModule } from '@academy/learning';
import { SkillsLabModule } from '@academy/skills-lab';
import { CertificatesModule } from '@academy/certificates';
import { AccreditationModule } from '@academy/accreditation';
import { NotificationsModule } from '@academy/notifications';
import { HomeController } from './home.controller';

@Module({})
export class AppModule {
  static forRoot(options: CoreOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(options),
        // A per-address ceiling on every route, counted in PostgreSQL so it holds across replicas;
        // sign-in has its own stricter throttle, shared the same way.
        ThrottlerModule.forRootAsync({
          inject: [PostgresThrottlerStorage],
          useFactory: (storage: PostgresThrottlerStorage) => ({
            throttlers: [{ name: 'default', ttl: 60_000, limit: 600 }],
            storage,
          }),
        }),
        IdentityModule,
        CatalogModule,
        LearningModule,
        AssessmentModule,
        SkillsLabModule,
        CertificatesModule,
        AccreditationModule,
        NotificationsModule,
      ],
      controllers: [HomeController],
      providers: [{ provide: APP_GUARD, useClass: RouteThrottlerGuard }],
    };
  }
}
