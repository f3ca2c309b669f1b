/** Every role a user may hold; a user may hold several. */
export const ROLES = ['learner', 'instructor', 'admin', 'verifier'] as const;
export type Role = (typeof ROLES)[number];

/** What a verifier organisation's API key may do. */
export const API_KEY_SCOPES = ['verify'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];
