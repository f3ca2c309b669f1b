import type { ApiKeyPrincipal, UserPrincipal } from '@academy/identity';

/** A signed-in learner as the access guard sees them (API session, no second factor); `overrides` change any of it. */
export function userPrincipal(overrides: Partial<UserPrincipal> = {}): UserPrincipal {
  return {
    kind: 'user',
    userId: 'u1',
    email: 'l@x.org',
    fullName: 'L',
    roles: ['learner'],
    emailVerified: true,
    secondFactor: false,
    timeZone: null,
    organisationId: null,
    sessionId: 's1',
    sessionKind: 'api',
    ...overrides,
  };
}

/** A verifier organisation's API key with the verify scope. */
export function apiKeyPrincipal(): ApiKeyPrincipal {
  return { kind: 'apiKey', apiKeyId: 'k1', organisationId: 'o1', scopes: ['verify'] };
}
