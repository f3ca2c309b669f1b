import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Role } from '@academy/core';
import { homeFor } from '../controllers/landing';
import { AuthService } from './auth.service';
import { SessionCookie } from './session-cookie';

// What each role's start page is called in a link to it.
const HOME_LABELS: Record<string, string> = {
  '/admin/dashboard': 'Go to your dashboard',
  '/instructor/labs': 'Go to My labs',
  '/verifier': 'Go to Verifications',
  '/learning': 'Go to My learning',
};

/**
 * Who a page's visitor is, for pages the access guard never saw (an address no route has): error
 * pages keep the signed-in header and offer the person's own start page.
 */
@Injectable()
export class PageVisitors {
  constructor(
    private readonly auth: AuthService,
    private readonly cookie: SessionCookie,
  ) {}

  /** Sets `request.user` from the session cookie: the signed-in user, or null. */
  async identify(request: FastifyRequest): Promise<void> {
    const token = this.cookie.read(request);
    (request as FastifyRequest & { user?: unknown }).user = token
      ? await this.auth.authenticate(token, 'web')
      : null;
  }

  /** The start page of someone with these roles, as a link. */
  home(roles: readonly Role[]): { href: string; label: string } {
    const href = homeFor(roles);
    return { href, label: HOME_LABELS[href] ?? 'Go to the home page' };
  }
}
