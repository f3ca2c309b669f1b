/**
 * Part of a statement that another repository composes: one or more common table expressions
 * (`name AS (...)`, comma-separated) that write an owner's rows, with parameters numbered from
 * `$1`. A hot path makes its change and what must go with it (the audit event, the message) in
 * one statement: one round trip, atomic without a transaction around it, and no lock held while
 * the process answers other requests. Each table's SQL stays with its owner; the composing
 * statement gives the part values through `SqlExpression`s over its own relations.
 */
export interface SqlPart {
  sql: string;
  parameters: unknown[];
}

/** An SQL expression over the composing statement's relations, where a part takes a value. */
export class SqlExpression {
  constructor(readonly sql: string) {}
}

/** The condition of a part that always applies (a part run as a statement of its own). */
export const ALWAYS = new SqlExpression('true');

/**
 * Builds one statement's text and parameters: values become placeholders, parts are renumbered
 * past the parameters before them. Part SQL must hold no `$n` other than its placeholders (no
 * dollar-quoted text).
 */
export class SqlBuilder {
  readonly parameters: unknown[] = [];

  /** Adds a value; answers its placeholder. */
  value(value: unknown): string {
    this.parameters.push(value);
    return `$${this.parameters.length}`;
  }

  /** Adds a part's parameters; answers its SQL with its placeholders renumbered. */
  part(part: SqlPart): string {
    const offset = this.parameters.length;
    this.parameters.push(...part.parameters);
    return part.sql.replace(/\$(\d+)/g, (_, index: string) => `$${Number(index) + offset}`);
  }
}
