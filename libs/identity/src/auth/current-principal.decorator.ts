import { createParamDecorator, ExecutionContext, UnauthorizedException } from '@nestjs/common';
import type { AuthenticatedRequest } from './access.guard';
import { ApiKeyPrincipal, Principal, UserPrincipal } from './principal';

/** The signed-in user of an `@Authenticated()` or `@Roles()` route. */
export const CurrentUser = createParamDecorator(
  (_data: unknown, context: ExecutionContext): UserPrincipal => {
    const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().user;
    if (principal?.kind !== 'user') {
      throw new UnauthorizedException('Sign in to continue.');
    }
    return principal;
  },
);

/** The signed-in user, or null, on a `@Public()` page. */
export const OptionalUser = createParamDecorator(
  (_data: unknown, context: ExecutionContext): UserPrincipal | null => {
    const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().user;
    return principal?.kind === 'user' ? principal : null;
  },
);

/** The API key of an `@ApiKeyAccess()` route. */
export const CurrentApiKey = createParamDecorator(
  (_data: unknown, context: ExecutionContext): ApiKeyPrincipal => {
    const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().user;
    if (principal?.kind !== 'apiKey') {
      throw new UnauthorizedException('This needs a verifier API key.');
    }
    return principal;
  },
);

/** Whoever called (a user, a verifier's API key) or null, on a `@Public()` route. */
export const OptionalPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal | null =>
    context.switchToHttp().getRequest<AuthenticatedRequest>().user ?? null,
);
