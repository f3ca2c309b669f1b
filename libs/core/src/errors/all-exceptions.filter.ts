import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { renderPage } from '../pages/page-model';
import { ShowPage } from '../pages/show-page';
import { RequestContext } from '../request/request-context';
import { answersJson } from '../request/routed-path';
import { isDatabaseUnavailable } from '../database/database-unavailable';
import { DomainError } from './domain-error';

/** The JSON shape of every error answer. */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  code?: string;
  /** Field name → problems, for validation errors. */
  fields?: Record<string, string[]>;
  requestId?: string;
}

/** Thrown by the validation pipe: one message per field. */
export class FieldValidationException extends HttpException {
  constructor(readonly fields: Record<string, string[]>) {
    super(Object.values(fields).flat().join('; '), HttpStatus.BAD_REQUEST);
  }
}

/** How a page (HTML) request answers an error; registered by the app that renders pages. */
export interface PageErrorRenderer {
  render(request: FastifyRequest, reply: FastifyReply, body: ErrorBody): Promise<void> | void;
}

function httpExceptionMessage(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') {
    return response;
  }
  const { message } = response as { message?: unknown };
  if (Array.isArray(message)) {
    return message.join('; ');
  }
  return typeof message === 'string' ? message : exception.message;
}

/** Fastify's own errors (bad JSON, body too large, unsupported media type) carry a statusCode. */
function frameworkStatus(exception: unknown): number | undefined {
  const statusCode = (exception as { statusCode?: unknown } | null)?.statusCode;
  return typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500 ? statusCode : undefined;
}

/**
 * Fastify's own code of an error (`FST_CSRF_INVALID_TOKEN`), which Nest's adapter wraps in an
 * HttpException as its cause: pages put it in words.
 */
function fastifyCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null | undefined)?.code;
  return typeof code === 'string' && code.startsWith('FST_') ? code : undefined;
}

export function toErrorBody(exception: unknown): {
  body: ErrorBody;
  unexpected: boolean;
  headers?: Record<string, string>;
} {
  if (exception instanceof DomainError) {
    const status = exception.status as number;
    return {
      headers: exception.headers,
      body: {
        statusCode: status,
        error: STATUS_CODES[status] ?? 'Error',
        message: exception.message,
        code: String(exception.code),
        ...(exception.problems
          ? { fields: exception.problems }
          : exception.field
            ? { fields: { [exception.field]: [exception.message] } }
            : {}),
      },
      unexpected: false,
    };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const code = fastifyCode(exception.cause);
    return {
      body: {
        statusCode: status,
        error: STATUS_CODES[status] ?? 'Error',
        message: httpExceptionMessage(exception),
        ...(code ? { code } : {}),
        ...(exception instanceof FieldValidationException ? { fields: exception.fields } : {}),
      },
      unexpected: status >= 500,
    };
  }
  const status = frameworkStatus(exception);
  if (status !== undefined) {
    const code = fastifyCode(exception);
    return {
      body: {
        statusCode: status,
        error: STATUS_CODES[status] ?? 'Error',
        message: (exception as Error).message,
        ...(code ? { code } : {}),
      },
      unexpected: false,
    };
  }
  if (isDatabaseUnavailable(exception)) {
    // An outage, not a bug: nothing was written (the transaction never committed), and the same
    // request will work once the database is back.
    return {
      body: {
        statusCode: 503,
        error: 'Service Unavailable',
        message:
          'The academy cannot reach its database just now. Nothing you sent was lost or half-saved: try again in a minute.',
      },
      unexpected: false,
      headers: { 'Retry-After': String(DATABASE_RETRY_AFTER_SECONDS) },
    };
  }
  return {
    body: { statusCode: 500, error: 'Internal Server Error', message: 'Something went wrong on our side.' },
    unexpected: true,
  };
}

/** How long a client is asked to wait before trying again while the database is unreachable. */
export const DATABASE_RETRY_AFTER_SECONDS = 30;

/**
 * The one place errors become answers: domain errors and HTTP exceptions keep their status;
 * anything unexpected is logged and answered with a generic 500 carrying the request id.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger(AllExceptionsFilter.name);

  constructor(private readonly pages?: PageErrorRenderer) {}

  async catch(exception: unknown, host: ArgumentsHost): Promise<void> {
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (exception instanceof ShowPage && !reply.sent) {
      reply.headers(exception.headers);
      await renderPage(request, reply, exception.template, exception.model, exception.status);
      return;
    }
    const { body, unexpected, headers } = toErrorBody(exception);
    body.requestId = RequestContext.current()?.requestId ?? String(request.id);
    if (unexpected) {
      this.logger.error({ err: exception, requestId: body.requestId }, 'Unexpected error');
    } else if (body.statusCode === 503) {
      // The cause in one line: a pg client object would print its connection, secrets included.
      this.logger.warn(
        { requestId: body.requestId, cause: (exception as Error).message },
        'Database unavailable',
      );
    }
    if (reply.sent) {
      return;
    }
    reply.headers(headers ?? {});
    if (this.pages && !answersJson(request)) {
      await this.pages.render(request, reply, body);
      return;
    }
    await reply.status(body.statusCode).type('application/json; charset=utf-8').send(body);
  }
}
