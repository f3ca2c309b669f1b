import { FieldValidationException } from '../errors/all-exceptions.filter';
import { DomainError } from '../errors/domain-error';

/** A problem a person can fix, as a page shows it with the form they sent. */
export interface FormProblem {
  /** Every problem in one sentence or more (for a notice above the form). */
  message: string;
  /** The problems next to the fields they are about. */
  fields: Record<string, string[]>;
  /** The message when no field carries it (shown above the form), else undefined. */
  formError?: string;
  /** The status to answer the page with (400, 403, 404, 409, …). */
  status: number;
}

/**
 * The one reading of a refusal for a page form: field problems (a DTO's, a service's that names
 * its field) go next to their fields, the rest above the form. Anything that is not a 4xx a person
 * can act on (a bug, an outage) is rethrown to the error page.
 */
export function formProblem(error: unknown): FormProblem {
  if (error instanceof FieldValidationException) {
    return { message: Object.values(error.fields).flat().join(' '), fields: error.fields, status: 400 };
  }
  if (error instanceof DomainError && Number(error.status) < 500) {
    const status = Number(error.status);
    if (error.problems) {
      return { message: error.message, fields: error.problems, status };
    }
    return error.field
      ? { message: error.message, fields: { [error.field]: [error.message] }, status }
      : { message: error.message, fields: {}, formError: error.message, status };
  }
  throw error;
}
