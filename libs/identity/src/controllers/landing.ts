import type { Role } from '@academy/core';
import { needsSecondFactor } from '../two-factor/two-factor.service';
import type { UserEntity } from '../users/user.entity';

/** Where each role starts after signing in (the first role that has a home of its own wins). */
const ROLE_HOMES: [Role, string][] = [
  ['admin', '/admin/dashboard'],
  ['instructor', '/instructor/labs'],
  ['verifier', '/verifier'],
  ['learner', '/learning'],
];

export function homeFor(roles: readonly Role[]): string {
  return ROLE_HOMES.find(([role]) => roles.includes(role))?.[1] ?? '/';
}

/** The page set up a second factor on, for a role that needs one. */
export const SECOND_FACTOR_SETUP = '/profile/two-factor?required=1';

/**
 * Where a browser goes once signed in: a role that needs a second factor and has none sets one
 * up first; otherwise the safe same-site `next` the sign-in carried, or the role's home.
 */
export function landingFor(user: Pick<UserEntity, 'roles' | 'secondFactorAt'>, next: string): string {
  if (needsSecondFactor(user.roles) && !user.secondFactorAt) {
    return SECOND_FACTOR_SETUP;
  }
  return next || homeFor(user.roles);
}
