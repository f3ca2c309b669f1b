import type { ApiKeyScope, Role } from '@academy/core';
import type { SessionKind } from '../sessions/session.entity';

/** Who is calling: a signed-in user (web session or API token) or a verifier's API key. */
export type Principal = UserPrincipal | ApiKeyPrincipal;

export interface UserPrincipal {
  kind: 'user';
  userId: string;
  email: string;
  fullName: string;
  roles: Role[];
  /** Whether the holder confirmed the address (certificates wait for it). */
  emailVerified: boolean;
  /** Whether the account signs in with a second factor (staff roles need one to act as staff). */
  secondFactor: boolean;
  /** The IANA zone the person reads dates in, when known. */
  timeZone: string | null;
  /** The verifier organisation the user belongs to, if any: their checks are attributed to it. */
  organisationId: string | null;
  sessionId: string;
  sessionKind: SessionKind;
}

export interface ApiKeyPrincipal {
  kind: 'apiKey';
  apiKeyId: string;
  organisationId: string;
  scopes: ApiKeyScope[];
}
