import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';
import { STATUS_CODES } from 'node:http';

/** The documented shape of every JSON error. */
export class ErrorBodyDto {
  @ApiProperty({ example: 400 })
  statusCode!: number;

  @ApiProperty({ example: 'Bad Request' })
  error!: string;

  @ApiProperty({ example: 'email must be an e-mail address' })
  message!: string;

  @ApiPropertyOptional({
    example: 'EMAIL_TAKEN',
    description: 'Stable machine-readable code of a domain error',
  })
  code?: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'array', items: { type: 'string' } },
    example: { email: ['email must be an e-mail address'] },
    description: 'Problems per request field',
  })
  fields?: Record<string, string[]>;

  @ApiPropertyOptional({ description: 'Quote it when reporting a problem' })
  requestId?: string;
}

/** Documents the error answers a route can give, all with the `ErrorBodyDto` shape. */
export function ApiErrors(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({ status, type: ErrorBodyDto, description: STATUS_CODES[status] }),
    ),
  );
}

/**
 * Documents a route's success answer as a file in one of these media types (a PDF, a CSV, an
 * iCalendar file, a signed credential), leaving its errors JSON.
 */
export function ApiFileResponse(
  answer: string | { description: string; status: number },
  ...mediaTypes: string[]
): MethodDecorator {
  const { description, status } = typeof answer === 'string' ? { description: answer, status: 200 } : answer;
  return ApiResponse({
    status,
    description,
    content: Object.fromEntries(
      mediaTypes.map((type) => [
        type,
        { schema: /[/+]json$/.test(type) ? { type: 'object' } : { type: 'string', format: 'binary' } },
      ]),
    ),
  });
}
