import { Injectable, NestMiddleware } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import type { IncomingMessage } from 'node:http';
import { Strategy as BearerStrategyBase } from 'passport-http-bearer';
import { Strategy as CustomStrategy } from 'passport-custom';
import { API_KEY_PREFIX, ApiKeysService } from '../api-keys/api-keys.service';
import { AuthService } from './auth.service';
import { Principal } from './principal';
import { SessionCookie } from './session-cookie';

const EARLY_LOOKUP = Symbol('earlyBearerLookup');

/** A user token's lookup started as its request arrived (see `EarlyBearerLookup`). */
interface EarlyLookup {
  token: string;
  principal: Promise<Principal | null>;
}

type RawRequest = IncomingMessage & { [EARLY_LOOKUP]?: EarlyLookup };

/** The token of an `Authorization: Bearer <token>` header, read as passport-http-bearer reads it. */
function bearerTokenOf(header: string | undefined): string | undefined {
  const parts = header?.split(' ');
  return parts?.length === 2 && /^Bearer$/i.test(parts[0]!) ? parts[1] : undefined;
}

/** `Authorization: Bearer <token>` on the JSON API: a short-lived access token or a verifier's API key. */
@Injectable()
export class BearerStrategy extends PassportStrategy(BearerStrategyBase, 'bearer') {
  constructor(
    private readonly auth: AuthService,
    private readonly apiKeys: ApiKeysService,
  ) {
    super({ passReqToCallback: true });
  }

  /** A bad API key is refused with its reason (never taken as anonymous); see `ApiKeysService.authenticate`. */
  async validate(request: FastifyRequest, token: string): Promise<Principal | false> {
    if (token.startsWith(API_KEY_PREFIX)) {
      return (await this.apiKeys.authenticate(token)) ?? false;
    }
    const early = (request.raw as RawRequest)[EARLY_LOOKUP];
    const principal =
      early?.token === token ? await early.principal : await this.auth.authenticate(token, 'api');
    return principal ?? false;
  }

  /**
   * Starts looking up a request's user token as the request arrives, so that the lookup runs
   * while the rate limit counts the request instead of after it: two round trips to the database
   * at once rather than one after the other, on every signed-in API call. The guard takes the
   * answer when it authenticates. A request the rate limit refuses has cost a token lookup too (an
   * indexed read of one row). API keys are looked up by the guard only, as before.
   */
  startLookup(raw: IncomingMessage): void {
    const token = bearerTokenOf(raw.headers.authorization);
    if (token === undefined || token.startsWith(API_KEY_PREFIX)) {
      return;
    }
    const principal = this.auth.authenticate(token, 'api');
    // Answered when the guard asks; a request refused before then never asks.
    principal.catch(() => undefined);
    (raw as RawRequest)[EARLY_LOOKUP] = { token, principal };
  }
}

/** Starts the bearer token's lookup before the guards run (`BearerStrategy.startLookup`). */
@Injectable()
export class EarlyBearerLookup implements NestMiddleware {
  constructor(private readonly bearer: BearerStrategy) {}

  use(request: IncomingMessage, _response: unknown, next: () => void): void {
    this.bearer.startLookup(request);
    next();
  }
}

/** The session cookie of the web pages. */
@Injectable()
export class SessionCookieStrategy extends PassportStrategy(CustomStrategy, 'session-cookie') {
  constructor(
    private readonly auth: AuthService,
    private readonly cookie: SessionCookie,
  ) {
    super();
  }

  async validate(request: FastifyRequest): Promise<Principal | false> {
    const token = this.cookie.read(request);
    if (!token) {
      return false;
    }
    return (await this.auth.authenticate(token, 'web')) ?? false;
  }
}
