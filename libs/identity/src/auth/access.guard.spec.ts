import { ForbiddenException, UnauthorizedException } from '@nestjs/common';
import type { AccessRule } from '@academy/core';
import { IdentityError } from '../identity-error';
import { checkAccess } from './access.guard';
import type { Principal } from './principal';
import { apiKeyPrincipal, userPrincipal } from '../../../../test/factories/principals';

const learner: Principal = userPrincipal();
const admin: Principal = userPrincipal({ roles: ['learner', 'admin'], secondFactor: true });
const adminWithoutSecondFactor: Principal = userPrincipal({ roles: ['learner', 'admin'] });
const apiKey: Principal = apiKeyPrincipal();

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
