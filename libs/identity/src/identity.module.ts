import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApiKeyEntity } from './api-keys/api-key.entity';
import { ApiKeyRepository } from './api-keys/api-key.repository';
import { ApiKeysService } from './api-keys/api-keys.service';
import { VerifierOrganisationEntity } from './api-keys/verifier-organisation.entity';
import { AccessGuard } from './auth/access.guard';
import { AuthService } from './auth/auth.service';
import { LoginThrottleRepository } from './auth/login-throttle.repository';
import { LoginThrottleService } from './auth/login-throttle.service';
import { PageVisitors } from './auth/page-visitor';
import { SessionCookie } from './auth/session-cookie';
import { BearerStrategy, EarlyBearerLookup, SessionCookieStrategy } from './auth/strategies';
import { AdminUsersController } from './controllers/admin-users.controller';
import { AdminUsersPagesController } from './controllers/admin-users.pages.controller';
import { DevicesPagesController } from './controllers/devices.pages.controller';
import { AuthController } from './controllers/auth.controller';
import { IdentityPagesController } from './controllers/identity.pages.controller';
import { MeController } from './controllers/me.controller';
import { ReportingProfileController } from './controllers/reporting-profile.controller';
import { ReportingProfilePagesController } from './controllers/reporting-profile.pages.controller';
import { VerifierOrganisationsController } from './controllers/verifier-organisations.controller';
import { VerifierApiKeysController } from './controllers/verifier-api-keys.controller';
import { EmailConfirmationRepository } from './email/email-confirmation.repository';
import { EmailConfirmationService } from './email/email-confirmation.service';
import { EmailPagesController } from './controllers/email.pages.controller';
import { PasswordService } from './passwords/password.service';
import { TwoFactorRepository } from './two-factor/two-factor.repository';
import { TwoFactorService } from './two-factor/two-factor.service';
import { TwoFactorPagesController } from './controllers/two-factor.pages.controller';
import { SignInStepsPagesController } from './controllers/sign-in-steps.pages.controller';
import { SessionEntity } from './sessions/session.entity';
import { SessionRepository } from './sessions/session.repository';
import { SessionsService } from './sessions/sessions.service';
import { PasswordResetRepository } from './passwords/password-reset.repository';
import { PasswordResetService } from './passwords/password-reset.service';
import { PruneSessionsJob } from './sessions/prune-sessions.job';
import { PruneApiKeyFailuresJob } from './api-keys/prune-api-key-failures.job';
import { UserEntity } from './users/user.entity';
import { UserRepository } from './users/user.repository';
import { UsersService } from './users/users.service';
import { ReportingProfileRepository } from './reporting/reporting-profile.repository';
import { ReportingProfileService } from './reporting/reporting-profile.service';

const SERVICES = [
  ReportingProfileRepository,
  ReportingProfileService,
  PasswordService,
  UserRepository,
  UsersService,
  SessionRepository,
  SessionsService,
  LoginThrottleRepository,
  LoginThrottleService,
  AuthService,
  ApiKeyRepository,
  ApiKeysService,
  PruneSessionsJob,
  PruneApiKeyFailuresJob,
  PasswordResetRepository,
  PasswordResetService,
  EmailConfirmationRepository,
  EmailConfirmationService,
  TwoFactorRepository,
  TwoFactorService,
];

const ENTITIES = [UserEntity, SessionEntity, VerifierOrganisationEntity, ApiKeyEntity];

/** Accounts and access, without HTTP: what the worker and other features use. */
@Module({
  imports: [TypeOrmModule.forFeature(ENTITIES)],
  providers: SERVICES,
  exports: SERVICES,
})
export class IdentityCoreModule {}

/** Accounts and access over HTTP: the global access guard, the API and the pages. */
@Module({
  imports: [IdentityCoreModule, PassportModule],
  controllers: [
    AuthController,
    ReportingProfileController,
    MeController,
    AdminUsersController,
    VerifierOrganisationsController,
    VerifierApiKeysController,
    IdentityPagesController,
    AdminUsersPagesController,
    DevicesPagesController,
    ReportingProfilePagesController,
    EmailPagesController,
    SignInStepsPagesController,
    TwoFactorPagesController,
  ],
  providers: [
    SessionCookie,
    BearerStrategy,
    SessionCookieStrategy,
    PageVisitors,
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [IdentityCoreModule, PageVisitors],
})
export class IdentityModule implements NestModule {
  /** Every request: a bearer token's lookup starts before the guards run. */
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(EarlyBearerLookup).forRoutes('*path');
  }
}
