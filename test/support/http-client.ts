import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { LightMyRequestResponse } from 'fastify';
import { nextTotpCode } from '../factories/users';
import type { SignInDetails } from '../factories/users';

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

let sessions = 0;

/**
 * A loopback address of its own for each session or caller, as separate browsers have: the
 * per-address rate limits count per session, however many a test file makes.
 */
export function nextAddress(): string {
  sessions += 1;
  return `127.0.${Math.floor(sessions / 250) % 250}.${(sessions % 250) + 1}`;
}

/**
 * Talks to the app like a browser does, through `inject`: keeps cookies, fetches the CSRF token
 * from a form, and posts url-encoded forms. For JSON calls use `app.inject` directly.
 */
export class BrowserSession {
  private readonly cookies = new Map<string, string>();

  constructor(
    private readonly app: NestFastifyApplication,
    private readonly remoteAddress = nextAddress(),
  ) {}

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  async request(
    method: Method,
    url: string,
    options: { form?: Record<string, string | string[]>; headers?: Record<string, string> } = {},
  ): Promise<LightMyRequestResponse> {
    const headers: Record<string, string> = { accept: 'text/html', ...options.headers };
    if (this.cookies.size > 0) {
      headers.cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    }
    let payload: string | undefined;
    if (options.form) {
      const body = new URLSearchParams();
      for (const [name, value] of Object.entries(options.form)) {
        for (const item of ([] as string[]).concat(value)) {
          body.append(name, item);
        }
      }
      payload = body.toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    }
    const response = await this.app.inject({
      method,
      url,
      headers,
      payload,
      remoteAddress: this.remoteAddress,
    });
    for (const cookie of response.cookies) {
      if (
        cookie.value === '' ||
        (cookie.maxAge !== undefined && cookie.maxAge <= 0) ||
        (cookie.expires && cookie.expires.getTime() < Date.now())
      ) {
        this.cookies.delete(cookie.name);
      } else {
        this.cookies.set(cookie.name, cookie.value);
      }
    }
    return response;
  }

  /** Posts a multipart body (a file upload) with the session's cookies. */
  async upload(url: string, file: { payload: Buffer; contentType: string }): Promise<LightMyRequestResponse> {
    const headers: Record<string, string> = { accept: 'text/html', 'content-type': file.contentType };
    if (this.cookies.size > 0) {
      headers.cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    }
    return this.app.inject({
      method: 'POST',
      url,
      headers,
      payload: file.payload,
      remoteAddress: this.remoteAddress,
    });
  }

  /** The CSRF token a form on this page carries. */
  async csrfToken(page = '/login'): Promise<string> {
    const response = await this.request('GET', page);
    const token = /name="_csrf" value="([^"]+)"/.exec(response.body)?.[1];
    if (!token) {
      throw new Error(`No CSRF token on ${page} (status ${response.statusCode})`);
    }
    return token;
  }

  /** Posts a form the way a page does, with its CSRF token. */
  async submit(url: string, form: Record<string, string | string[]> = {}): Promise<LightMyRequestResponse> {
    return this.request('POST', url, { form: { _csrf: await this.csrfToken(), ...form } });
  }

  /** Signs in through the login page, with the account's second factor when it has one (see `nextTotpCode`). */
  async signIn(user: SignInDetails): Promise<this> {
    let response = await this.submit('/login', { email: user.email, password: user.password, next: '/' });
    const pendingToken = /name="pendingToken" value="([^"]+)"/.exec(response.body)?.[1];
    if (response.statusCode === 200 && pendingToken && user.totpSecret) {
      response = await this.submit('/login/second-factor', {
        pendingToken,
        code: await nextTotpCode(this.app, user),
        next: '/',
      });
    }
    if (response.statusCode !== 303) {
      throw new Error(`Sign-in of ${user.email} failed: ${response.statusCode}`);
    }
    return this;
  }
}
