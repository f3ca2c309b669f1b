import { SetMetadata } from '@nestjs/common';
import { ApiKeyScope, Role } from './roles';

/**
 * Who may call a route. Every route declares one of these; a route without one is refused
 * to everybody (default deny), which the access-matrix test also catches.
 */
export type AccessRule =
  | { kind: 'public' }
  | { kind: 'authenticated' }
  | { kind: 'roles'; roles: readonly Role[] }
  | { kind: 'apiKey'; scope: ApiKeyScope };

export const ACCESS_RULE = 'academy:access-rule';

/** Anyone, signed in or not. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(ACCESS_RULE, { kind: 'public' });

/** Any signed-in user, whatever their roles. */
export const Authenticated = (): MethodDecorator & ClassDecorator =>
  SetMetadata(ACCESS_RULE, { kind: 'authenticated' });

/** A signed-in user holding at least one of these roles. */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator =>
  SetMetadata(ACCESS_RULE, { kind: 'roles', roles });

/** A verifier organisation's API key with this scope. */
export const ApiKeyAccess = (scope: ApiKeyScope): MethodDecorator & ClassDecorator =>
  SetMetadata(ACCESS_RULE, { kind: 'apiKey', scope });
