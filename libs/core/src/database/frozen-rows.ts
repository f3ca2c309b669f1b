/**
 * Rows the database itself keeps from changing (a published course version, its questions: a
 * trigger refuses every update), remembered by id for the life of the process. Any replica may
 * keep them, since no other can change them; hot paths then read each one once. Rows are kept
 * deeply frozen, so no caller can change what the others share, and the oldest go past `limit`.
 */
export class FrozenRows<T extends object> {
  private readonly rows = new Map<string, T>();

  constructor(private readonly limit: number) {}

  get(id: string): T | undefined {
    return this.rows.get(id);
  }

  has(id: string): boolean {
    return this.rows.has(id);
  }

  /** Remembers `row` (frozen in place, deeply) and answers it. */
  keep(id: string, row: T): T {
    if (this.rows.size >= this.limit && !this.rows.has(id)) {
      this.rows.delete(this.rows.keys().next().value!);
    }
    this.rows.set(id, deepFreeze(row));
    return row;
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) {
      deepFreeze(inner);
    }
  }
  return value;
}
