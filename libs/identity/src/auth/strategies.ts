import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { Strategy as BearerStrategyBase } from 'passport-http-bearer';
import { Strategy as CustomStrategy } from 'passport-custom';
import { API_KEY_PREFIX, ApiKeysService } from '../api-keys/api-keys.service';
import { AuthService } from './auth.service';
import { Principal } from './principal';
import { SessionCookie } from './session-cookie';

/** `Authorization: Bearer <token>` on the JSON API: a short-lived access token or a verifier's API key. */
@Injectable()
export class BearerStrategy extends PassportStrategy(BearerStrategyBase, 'bearer') {
  constructor(
    private readonly auth: AuthService,
    private readonly apiKeys: ApiKeysService,
  ) {
    super();
  }

  /** A bad API key is refused with its reason (never taken as anonymous); see `ApiKeysService.authenticate`. */
  async validate(token: string): Promise<Principal | false> {
    const principal = token.startsWith(API_KEY_PREFIX)
      ? await this.apiKeys.authenticate(token)
      : await this.auth.authenticate(token, 'api');
    return principal ?? false;
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
