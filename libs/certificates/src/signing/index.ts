import { IssuerKeyRepository } from './issuer-key.repository';
import { IssuerKeys } from './issuer-keys';
import { OpenBadgeSigner } from './open-badge-signer';
import { StatusLists } from './status-list';
import { StatusListRepository } from './status-list.repository';
import { CredentialVerifier } from './verify';

export * from './credential';
export * from './did-web';
export * from './document-loader';
export * from './issuer-key.repository';
export * from './issuer-keys';
export * from './open-badge-signer';
export * from './signer';
export * from './status-list';
export * from './status-list.repository';
export * from './verify';

/** The signing layer's providers, for the certificates module (needs CoreModule's Database, Clock, AuditService, APP_CONFIG). */
export const SIGNING_PROVIDERS = [
  IssuerKeyRepository,
  IssuerKeys,
  StatusListRepository,
  StatusLists,
  OpenBadgeSigner,
  CredentialVerifier,
];
