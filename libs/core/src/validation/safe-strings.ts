import { FieldValidationException } from '../errors/all-exceptions.filter';

/**
 * The one string rule for everything the platform accepts (JSON, query, path, form and multipart
 * values, CSV cells): no NUL character and no unpaired UTF-16 surrogate. PostgreSQL cannot store
 * either in text, and neither belongs in anything a person types.
 */
export function isSafeString(value: string): boolean {
  return value.isWellFormed() && !value.includes('\u0000');
}

/** Whether `value` holds a C0 control character (tabs and newlines included), DEL or a backslash. */
export function hasControlOrBackslash(value: string): boolean {
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index);
    if (code < 0x20 || code === 0x7f || code === 0x5c) {
      return true;
    }
  }
  return false;
}

/** What a person reads next to the field. */
export const UNSAFE_STRING_PROBLEM =
  'contains a character that cannot be stored (a NUL byte or a broken Unicode sequence): remove it and try again';

/**
 * Text made storable as it is shown back: NUL and unpaired surrogates become U+FFFD. Only for
 * values a route takes on purpose as they come (`@TextCheckedByHandler`), kept as the record of
 * what was typed, never as an account's or a course's data.
 */
export function toStorableText(value: string): string {
  return value.toWellFormed().replaceAll('\u0000', '\uFFFD');
}

/** Refuses a request whose `value` (a body, a query, path parameters) breaks the string rule: 400 naming the field. */
export function assertSafeStrings(value: unknown): void {
  const field = findUnsafeString(value);
  if (field !== null) {
    const name = field || 'body';
    throw new FieldValidationException({ [name]: [`${name} ${UNSAFE_STRING_PROBLEM}`] });
  }
}

// Parsed JSON is depth-limited at the parser; this bound only keeps a hand-built value from recursing forever.
const MAX_DEPTH = 64;

/**
 * The name (`answers.q1`, `items[2]`) of the first string or object key in `value` that breaks
 * the string rule, or null when every one keeps it.
 */
export function findUnsafeString(value: unknown, path = '', depth = 0): string | null {
  if (typeof value === 'string') {
    return isSafeString(value) ? null : path;
  }
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) {
    return null;
  }
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = findUnsafeString(item, `${path}[${index}]`, depth + 1);
      if (found !== null) {
        return found;
      }
    }
    return null;
  }
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    const name = path ? `${path}.${safeName(key)}` : safeName(key);
    if (!isSafeString(key)) {
      return name;
    }
    const found = findUnsafeString(item, name, depth + 1);
    if (found !== null) {
      return found;
    }
  }
  return null;
}

// A field name that is itself unsafe is named by what can be shown of it.
function safeName(key: string): string {
  return isSafeString(key) ? key.slice(0, 100) : key.replaceAll('\u0000', '').toWellFormed().slice(0, 100);
}
