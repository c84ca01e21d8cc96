/**
 * Characters no text of Ordo may hold: C0 controls other than tab, line feed and carriage
 * return, DEL-range C1 controls, the non-characters U+FFFE/U+FFFF and unpaired surrogates.
 * XML 1.0 cannot carry them (an export with U+0001 in a name is not well-formed), and no
 * name, address or note needs them.
 */
const forbidden = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/
const forbiddenAll = new RegExp(forbidden.source, 'g')

/** The path of the first string in `value` holding a forbidden character, or undefined. */
export function findControlChars(value: unknown, path = ''): string | undefined {
  if (typeof value === 'string') return forbidden.test(value) ? path || '(value)' : undefined
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = findControlChars(item, `${path}[${i}]`)
      if (found) return found
    }
    return undefined
  }
  if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const found = findControlChars(key, path) ?? findControlChars(item, path ? `${path}.${key}` : key)
      if (found) return found
    }
  }
  return undefined
}

/** The same value with every forbidden character removed (for output of data stored earlier). */
export function withoutControlChars<T>(value: T): T {
  if (typeof value === 'string') return value.replace(forbiddenAll, '') as T
  if (Array.isArray(value)) return value.map(withoutControlChars) as T
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutControlChars(v)])) as T
  }
  return value
}
