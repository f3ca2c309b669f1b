import { BadRequestException, HttpStatus } from '@nestjs/common';
import { DomainError } from './domain-error';
import { FieldValidationException, toErrorBody } from './all-exceptions.filter';

class ExampleError extends DomainError<'EXAMPLE'> {
  readonly status = HttpStatus.CONFLICT;
}

describe('toErrorBody', () => {
  it('keeps a domain error’s status, code and field', () => {
    expect(toErrorBody(new ExampleError('EXAMPLE', 'Already there.', 'name'))).toMatchObject({
      body: {
        statusCode: 409,
        error: 'Conflict',
        message: 'Already there.',
        code: 'EXAMPLE',
        fields: { name: ['Already there.'] },
      },
      unexpected: false,
    });
  });

  it('names every field of a validation error', () => {
    const { body } = toErrorBody(
      new FieldValidationException({ email: ['email must be an e-mail address'], npi: ['bad npi'] }),
    );
    expect(body).toMatchObject({ statusCode: 400, message: 'email must be an e-mail address; bad npi' });
    expect(body.fields).toEqual({ email: ['email must be an e-mail address'], npi: ['bad npi'] });
  });

  it('keeps framework 4xx errors (bad JSON) as they are', () => {
    expect(toErrorBody(new BadRequestException('Body is not valid JSON')).body.statusCode).toBe(400);
    expect(
      toErrorBody(Object.assign(new Error('Request body is too large'), { statusCode: 413 })).body,
    ).toMatchObject({
      statusCode: 413,
      error: 'Payload Too Large',
    });
  });

  it('hides the details of anything unexpected behind a generic 500', () => {
    const { body, unexpected } = toErrorBody(new Error('connection string postgres://secret@db'));
    expect(unexpected).toBe(true);
    expect(body).toEqual({
      statusCode: 500,
      error: 'Internal Server Error',
      message: 'Something went wrong on our side.',
    });
  });
});
