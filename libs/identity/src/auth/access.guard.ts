import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { ACCESS_RULE, AccessRule, isApiRequest, RequestContext } from '@academy/core';
import { IdentityError, IdentityErrorCode } from '../identity-error';
import { needsSecondFactor } from '../two-factor/two-factor.service';
import { Principal } from './principal';

/** Runs a passport strategy and leaves `request.user` null instead of failing when nobody signed in. */
function optionalPassportGuard(strategy: string) {
  return class extends AuthGuard(strategy) {
    override handleRequest<T>(error: unknown, user: T): T | null {
      if (error instanceof Error) {
        throw error;
      }
      return user || null;
    }
  };
}

const OptionalBearer = optionalPassportGuard('bearer');
const OptionalSessionCookie = optionalPassportGuard('session-cookie');

export type AuthenticatedRequest = FastifyRequest & { user: Principal | null };

/**
 * The global guard. Identifies the caller (bearer token on /api, session cookie on pages) and
 * applies the route's access rule. A route without a rule is refused to everybody.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly bearer = new OptionalBearer();
  private readonly cookie = new OptionalSessionCookie();

  constructor(private readonly reflector: Reflector) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    // Decided on the routed path: `/%61pi/…` is the API too, and never takes the cookie. A caller
    // with no credentials at all (no Authorization header on the API: a token is taken from
    // nowhere else; no cookie on pages) is anonymous without running passport.
    const api = isApiRequest(request);
    if ((api ? request.headers.authorization : request.headers.cookie) === undefined) {
      request.user = null;
    } else {
      await (api ? this.bearer : this.cookie).canActivate(context);
    }
    const principal = request.user ?? null;
    const requestContext = RequestContext.current();
    if (requestContext && principal) {
      if (principal.kind === 'user') {
        requestContext.actorUserId = principal.userId;
      } else {
        requestContext.actorApiKeyId = principal.apiKeyId;
      }
    }
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, [
      context.getHandler(),
      context.getClass(),
    ]);
    return checkAccess(rule, principal);
  }
}

/** Applies a route's access rule to the caller: true, or the 401/403 to answer. */
export function checkAccess(rule: AccessRule | undefined, principal: Principal | null): boolean {
  if (!rule) {
    throw new ForbiddenException('This route is not open to anyone.');
  }
  switch (rule.kind) {
    case 'public':
      return true;
    case 'authenticated':
      if (principal?.kind !== 'user') {
        throw new UnauthorizedException('Sign in to continue.');
      }
      return true;
    case 'roles':
      if (principal?.kind !== 'user') {
        throw new UnauthorizedException('Sign in to continue.');
      }
      if (!rule.roles.some((role) => principal.roles.includes(role))) {
        throw new ForbiddenException(`This needs the ${rule.roles.join(' or ')} role.`);
      }
      // Acting in a role that needs a second factor (admin, verifier) takes one set up; what the
      // account may do in its other roles (as a learner) does not wait for it.
      if (
        !principal.secondFactor &&
        rule.roles.filter((role) => principal.roles.includes(role)).every((role) => needsSecondFactor([role]))
      ) {
        throw new IdentityError(
          IdentityErrorCode.SECOND_FACTOR_SETUP_REQUIRED,
          `The ${rule.roles.filter((role) => principal.roles.includes(role)).join(' or ')} role needs two-factor sign-in: set up an authenticator app or a passkey on your profile (/profile/two-factor) first.`,
        );
      }
      return true;
    case 'apiKey':
      if (principal?.kind !== 'apiKey') {
        throw new UnauthorizedException('This needs a verifier API key.');
      }
      if (!principal.scopes.includes(rule.scope)) {
        throw new ForbiddenException(`This API key lacks the ${rule.scope} scope.`);
      }
      return true;
  }
}
