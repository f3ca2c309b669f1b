/**
 * The one canonical JSON of the platform (ledger hashes, checkpoint digests, course content
 * hashes). RFC 8785 JSON Canonicalization Scheme (JCS): object members sorted by their names' UTF-16
 * code units, no whitespace, strings and numbers serialised as ECMAScript's JSON.stringify does.
 * Libraries exist for most languages (e.g. `canonicalize` on npm, `jcs` on PyPI).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') {
    return JSON.stringify(value);
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      throw new TypeError(`JSON has no ${value}`);
    }
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    return `[${value.map((item) => canonicalJson(item)).join(',')}]`;
  }
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    // Default sort compares UTF-16 code units, which is what JCS asks. A member whose value is
    // undefined is left out, as JSON.stringify leaves it out.
    const members = Object.keys(record)
      .filter((key) => record[key] !== undefined)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`);
    return `{${members.join(',')}}`;
  }
  throw new TypeError(`Not JSON data: ${typeof value}`);
}
