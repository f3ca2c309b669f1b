import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import { ForbiddenException } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { PageVisitors } from '@academy/identity';
import { embedOrigins } from '@academy/catalog';
import { dirname, join } from 'node:path';
import {
  AllExceptionsFilter,
  API_SECURITY_SCHEME,
  completeApiDocument,
  Clock,
  CoreOptions,
  createValidationPipe,
  csrfCookieName,
  HtmlPageErrorRenderer,
  isApiRequest,
  isCrossSite,
  logRoutes,
  measureRequests,
  Metrics,
  PROJECT_ROOT,
  QuietWiringLogger,
  registerJsonBodyParser,
  registerPageClock,
  registerStringRule,
  requestIdFor,
  routedPath,
} from '@academy/core';
import { AppModule } from './app.module';
import openApiMetadata from './openapi-metadata';
import { createHandlebars, partials } from './views';

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

// Where a visitor who must sign in is sent (identity's page).
const SIGN_IN_PAGE = '/login';
const SECOND_FACTOR_SETUP_PAGE = '/profile/two-factor?required=1';
// Where an error page offers to look for courses (catalog's page).
const COURSE_SEARCH_PAGE = '/courses';

function contentSecurityPolicy(behindTls: boolean, videoHosts: string[]): Record<string, string[] | null> {
  return {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'data:'],
    fontSrc: ["'self'"],
    connectSrc: ["'self'"],
    objectSrc: ["'none'"],
    // Lesson videos linked from the allowed hosts play in those sites' embed players.
    frameSrc: ["'self'", ...embedOrigins(videoHosts)],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
    upgradeInsecureRequests: behindTls ? [] : null,
  };
}

async function documentApi(app: NestFastifyApplication, publicUrl: string): Promise<void> {
  // Property and response types as the CLI plugin read them from the TypeScript types (see
  // scripts/openapi-metadata.mjs).
  await SwaggerModule.loadPluginMetadata(openApiMetadata);
  // Built when first asked for (then kept), not at every start: it reads every route and DTO.
  const document = () =>
    completeApiDocument(
      SwaggerModule.createDocument(
        app,
        new DocumentBuilder()
          .setTitle('Regen Academy API')
          .setDescription(
            'Continuing education for regenerative-medicine procedural training. Errors are JSON `{ statusCode, error, message }`; ' +
              'authenticate with `Authorization: Bearer <token>` from `POST /api/v1/auth/token` or a verifier API key.',
          )
          .setVersion('1')
          .addServer(publicUrl)
          .addBearerAuth(
            {
              type: 'http',
              scheme: 'bearer',
              description:
                'A user token from `POST /api/v1/auth/token`, or a verifier organisation’s API key.',
            },
            API_SECURITY_SCHEME,
          )
          .build(),
      ),
      app,
    );
  SwaggerModule.setup('api/docs', app, document, {
    jsonDocumentUrl: 'api/docs-json',
    useGlobalPrefix: false,
  });
}

/**
 * Builds the HTTP application exactly as `main.ts` serves it (tests use it too): Fastify,
 * security headers, cookies, CSRF on forms, pages, OpenAPI, validation and the error model.
 */
export async function createApp(options: CoreOptions): Promise<NestFastifyApplication> {
  const { config } = options;
  const adapter = new FastifyAdapter({
    trustProxy: config.trustProxy,
    bodyLimit: 1024 * 1024,
    genReqId: requestIdFor,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(options), adapter, {
    bufferLogs: true,
  });
  app.useLogger(new QuietWiringLogger(app.get(Logger)));
  app.flushLogs();

  // Security headers, the middleware built once: @fastify/helmet builds it again for every
  // request (parsing the content security policy each time), a cost every route paid.
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: contentSecurityPolicy(config.behindTls, config.videoHosts),
    },
    strictTransportSecurity: config.behindTls ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    xFrameOptions: { action: 'deny' },
    crossOriginEmbedderPolicy: false,
  });
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook(
    'onRequest',
    (request: FastifyRequest, reply: FastifyReply, done: (error?: Error) => void) => {
      // Helmet throws on a problem rather than passing it on: its callback only continues.
      securityHeaders(request.raw, reply.raw, () => done());
    },
  );
  await app.register(fastifyCookie);
  await app.register(fastifyCsrf, {
    cookieKey: csrfCookieName(config.behindTls),
    // Multipart forms (image uploads) carry the token in their action URL: their body is read later.
    getToken: (request: FastifyRequest) =>
      (request.body as { _csrf?: string } | undefined)?._csrf ??
      (request.headers['csrf-token'] as string | undefined) ??
      (request.headers['content-type']?.startsWith('multipart/form-data')
        ? (request.query as { _csrf?: string } | undefined)?._csrf
        : undefined),
    cookieOpts: { path: '/', httpOnly: true, sameSite: 'lax', secure: config.behindTls },
  });

  fastify.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    reply.header('x-request-id', request.id);
    // Swagger UI needs inline styles and scripts; every other page runs under the strict policy.
    if (routedPath(request).startsWith('/api/docs')) {
      reply.header(
        'content-security-policy',
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'",
      );
    }
  });
  registerStringRule(fastify);
  registerPageClock(fastify, app.get(Clock));
  logRoutes(fastify);
  measureRequests(fastify, app.get(Metrics));
  // Forms on pages carry the CSRF token and come from this site; the JSON API takes bearer
  // tokens only, never cookies (decided on the routed path: no encoding gets around it).
  const publicOrigin = new URL(config.publicUrl).origin;
  fastify.addHook(
    'preHandler',
    (request: FastifyRequest, reply: FastifyReply, done: (error?: Error) => void) => {
      if (UNSAFE_METHODS.has(request.method) && !isApiRequest(request)) {
        if (isCrossSite(request, publicOrigin)) {
          done(
            new ForbiddenException(
              'This form was sent from another site, so it was refused. Open the page on this site and send it again.',
            ),
          );
          return;
        }
        fastify.csrfProtection(request, reply, done);
        return;
      }
      done();
    },
  );

  app.useStaticAssets({
    root: join(PROJECT_ROOT, 'apps/api/public'),
    prefix: '/assets/',
    maxAge: '1h',
  });
  // The browser half of passkeys (SimpleWebAuthn's own bundle), served as it ships.
  app.useStaticAssets({
    root: join(dirname(require.resolve('@simplewebauthn/browser')), '..', 'dist', 'bundle'),
    prefix: '/assets/vendor/simplewebauthn/',
    maxAge: '1h',
    decorateReply: false,
  });
  app.setViewEngine({
    engine: { handlebars: createHandlebars() },
    templates: PROJECT_ROOT,
    layout: 'libs/core/views/layout.hbs',
    options: { partials: partials() },
    production: true,
  });

  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(
    new AllExceptionsFilter(
      new HtmlPageErrorRenderer(
        SIGN_IN_PAGE,
        { SECOND_FACTOR_SETUP_REQUIRED: SECOND_FACTOR_SETUP_PAGE },
        {
          // An address no route has meets no guard: the session says who is there, so the
          // error page keeps their header and offers their own start page.
          identify: (request) => app.get(PageVisitors).identify(request),
          homeFor: (roles) => app.get(PageVisitors).home(roles),
          searchPath: COURSE_SEARCH_PAGE,
        },
      ),
    ),
  );
  await documentApi(app, config.publicUrl);
  await app.init();
  // After Nest's own body parsers, which this replaces for JSON (depth and per-route size limits).
  registerJsonBodyParser(fastify);
  await fastify.ready();
  return app;
}
