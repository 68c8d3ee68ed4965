/**
 * `record[key]` for own keys only. App names come from the outside world: a window owned by
 * "constructor" or "__proto__" must not read Object.prototype through a lookup table.
 */
export function ownValue<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined
}
