import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Role } from '@academy/core';
import { ApiKeysService } from '@academy/identity';
import { bearerToken, newUser } from '../factories/users';
import { nextAddress } from '../support/http-client';
import type { Audience } from './json-routes';

export type PrincipalName = 'anonymous' | Role | 'apiKey';
export const PRINCIPALS: PrincipalName[] = [
  'anonymous',
  'learner',
  'instructor',
  'admin',
  'verifier',
  'apiKey',
];

/** A caller: their credentials and, for users, who they are. */
export interface Caller {
  headers: Record<string, string>;
  /** The caller's own client address: send its calls from it, so rate limits count per caller. */
  remoteAddress: string;
  user?: { id: string; roles: string[] };
}

/** Fresh credentials for one call as this principal, with the user behind them. */
export async function callerFor(app: NestFastifyApplication, principal: PrincipalName): Promise<Caller> {
  const remoteAddress = nextAddress();
  if (
    principal === 'learner' ||
    principal === 'instructor' ||
    principal === 'admin' ||
    principal === 'verifier'
  ) {
    const user = await newUser(app, { roles: [principal] });
    return {
      headers: { authorization: `Bearer ${await bearerToken(app, user, remoteAddress)}` },
      user,
      remoteAddress,
    };
  }
  return { headers: await authorizationFor(app, principal), remoteAddress };
}

/** Fresh credentials for one call as this principal: a new user's bearer token, or a new API key. */
export async function authorizationFor(
  app: NestFastifyApplication,
  principal: PrincipalName,
): Promise<Record<string, string>> {
  switch (principal) {
    case 'anonymous':
      return {};
    case 'apiKey': {
      const keys = app.get(ApiKeysService);
      const organisation = await keys.createOrganisation(`Verifier ${Math.random().toString(36).slice(2)}`);
      const created = await keys.createKey(organisation.id, 'Matrix');
      return { authorization: `Bearer ${created.key}` };
    }
    case 'learner':
    case 'instructor':
    case 'admin':
    case 'verifier': {
      const user = await newUser(app, { roles: [principal] });
      return { authorization: `Bearer ${await bearerToken(app, user)}` };
    }
  }
}

/** Who calls a route when its input is under test: someone it is open to, so validation is what answers. */
export function principalFor(route: { audience: Audience }): PrincipalName {
  return PRINCIPAL_FOR[route.audience];
}

const PRINCIPAL_FOR: Record<Audience, PrincipalName> = {
  public: 'anonymous',
  authenticated: 'learner',
  learner: 'learner',
  instructor: 'instructor',
  holder: 'admin',
  admin: 'admin',
  verifier: 'verifier',
  apiKey: 'apiKey',
  lessonReader: 'learner',
};
