import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { CoreModule, CoreOptions } from '@academy/core';
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
        // A per-address ceiling on every route; sign-in has its own stricter, shared throttle.
        ThrottlerModule.forRoot([{ name: 'default', ttl: 60_000, limit: 600 }]),
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
      providers: [{ provide: APP_GUARD, useClass: ThrottlerGuard }],
    };
  }
}
