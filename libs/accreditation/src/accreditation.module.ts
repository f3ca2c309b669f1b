import { Module } from '@nestjs/common';
import { CertificatesCoreModule } from '@academy/certificates';
import { IdentityCoreModule } from '@academy/identity';

/** Ledger checks, reports, exports and dashboards, without HTTP (the worker uses it too). */
@Module({
  imports: [IdentityCoreModule, CertificatesCoreModule],
  providers: [],
  exports: [],
})
export class AccreditationCoreModule {}

/** Accreditation and oversight over HTTP. */
@Module({
  imports: [AccreditationCoreModule, IdentityCoreModule],
  controllers: [],
})
export class AccreditationModule {}
