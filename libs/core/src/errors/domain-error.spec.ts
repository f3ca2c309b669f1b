import { HttpStatus } from '@nestjs/common';
import { errorWithStatuses, statusTable } from './domain-error';

describe('a feature error table', () => {
  const STATUS = statusTable({
    [HttpStatus.NOT_FOUND]: ['THING_NOT_FOUND'],
    [HttpStatus.CONFLICT]: ['THING_TAKEN', 'THING_LOCKED'],
  });
  class ThingError extends errorWithStatuses(STATUS) {}

  it('names each code once and answers each with the status it is listed under', () => {
    expect(STATUS.codes).toEqual({
      THING_NOT_FOUND: 'THING_NOT_FOUND',
      THING_TAKEN: 'THING_TAKEN',
      THING_LOCKED: 'THING_LOCKED',
    });
    expect(new ThingError(STATUS.codes.THING_NOT_FOUND, 'No such thing.').status).toBe(404);
    expect(new ThingError(STATUS.codes.THING_LOCKED, 'Locked.').status).toBe(409);
    expect(new ThingError('THING_TAKEN', 'Taken.', 'name')).toMatchObject({
      name: 'ThingError',
      code: 'THING_TAKEN',
      field: 'name',
      status: 409,
    });
  });

  it('refuses a code listed under two statuses', () => {
    expect(() =>
      statusTable({ [HttpStatus.NOT_FOUND]: ['TWICE'], [HttpStatus.CONFLICT]: ['TWICE'] }),
    ).toThrow('Error code TWICE is listed under two statuses');
  });
});
