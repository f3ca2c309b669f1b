import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RequestContext } from '../request/request-context';
import { answersJson } from '../request/routed-path';
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
    return {
      body: {
        statusCode: status,
        error: STATUS_CODES[status] ?? 'Error',
        message: httpExceptionMessage(exception),
        ...(exception instanceof FieldValidationException ? { fields: exception.fields } : {}),
      },
      unexpected: status >= 500,
    };
  }
  const status = frameworkStatus(exception);
  if (status !== undefined) {
    return {
      body: {
        statusCode: status,
        error: STATUS_CODES[status] ?? 'Error',
        message: (exception as Error).message,
      },
      unexpected: false,
    };
  }
  return {
    body: { statusCode: 500, error: 'Internal Server Error', message: 'Something went wrong on our side.' },
    unexpected: true,
  };
}

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
    const { body, unexpected, headers } = toErrorBody(exception);
    body.requestId = RequestContext.current()?.requestId ?? String(request.id);
    if (unexpected) {
      this.logger.error({ err: exception, requestId: body.requestId }, 'Unexpected error');
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
