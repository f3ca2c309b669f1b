import { ForbiddenException, UnauthorizedException } from '@nestjs/common';
import type { AccessRule } from '@academy/core';
import { IdentityError } from '../identity-error';
import { checkAccess } from './access.guard';
import type { Principal } from './principal';

const learner: Principal = {
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
};
const admin: Principal = { ...learner, roles: ['learner', 'admin'], secondFactor: true };
const adminWithoutSecondFactor: Principal = { ...learner, roles: ['learner', 'admin'] };
const apiKey: Principal = { kind: 'apiKey', apiKeyId: 'k1', organisationId: 'o1', scopes: ['verify'] };

describe('checkAccess', () => {
  it('refuses everybody on a route that declares no rule (default deny)', () => {
    for (const principal of [null, learner, admin, apiKey]) {
      expect(() => checkAccess(undefined, principal)).toThrow(ForbiddenException);
    }
  });

  it.each<
    [
      AccessRule,
      Principal | null,
      'allow' | typeof UnauthorizedException | typeof ForbiddenException | typeof IdentityError,
    ]
  >([
    [{ kind: 'public' }, null, 'allow'],
    [{ kind: 'authenticated' }, null, UnauthorizedException],
    [{ kind: 'authenticated' }, apiKey, UnauthorizedException],
    [{ kind: 'authenticated' }, learner, 'allow'],
    [{ kind: 'roles', roles: ['admin'] }, learner, ForbiddenException],
    [{ kind: 'roles', roles: ['admin'] }, admin, 'allow'],
    [{ kind: 'roles', roles: ['admin'] }, adminWithoutSecondFactor, IdentityError],
    [{ kind: 'roles', roles: ['learner'] }, adminWithoutSecondFactor, 'allow'],
    [{ kind: 'roles', roles: ['admin', 'instructor'] }, null, UnauthorizedException],
    [{ kind: 'apiKey', scope: 'verify' }, apiKey, 'allow'],
    [{ kind: 'apiKey', scope: 'verify' }, admin, UnauthorizedException],
  ])('%j for %j', (rule, principal, outcome) => {
    if (outcome === 'allow') {
      expect(checkAccess(rule, principal)).toBe(true);
    } else {
      expect(() => checkAccess(rule, principal)).toThrow(outcome);
    }
  });
});
