import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Role } from '@academy/core';
import { ApiKeysService } from '@academy/identity';
import { bearerToken, newUser } from '../factories/users';

export type PrincipalName = 'anonymous' | Role | 'apiKey';
export const PRINCIPALS: PrincipalName[] = [
  'anonymous',
  'learner',
  'instructor',
  'admin',
  'verifier',
  'apiKey',
];

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
