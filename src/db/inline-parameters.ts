/**
 * A compiled query with its parameters written into the text as quoted literals, for the
 * one statement that takes none: COPY. Each value becomes exactly the text node-postgres
 * would have sent for it (prepareValue), quoted by escapeLiteral. Parameters are sent as
 * text of unknown type, and a quoted literal is text of unknown type too: PostgreSQL reads
 * both the same way. `$n` inside quoted strings and identifiers is left alone.
 */
import type { CompiledQuery } from 'kysely'
import pg from 'pg'
import pgUtils from 'pg/lib/utils.js'

function literal(value: unknown): string {
  const text = pgUtils.prepareValue(value)
  if (text === null) return 'null'
  if (typeof text !== 'string') throw new Error('A binary value cannot be written into a query')
  return pg.escapeLiteral(text)
}

export function inlineParameters(query: CompiledQuery): string {
  const { sql: text, parameters } = query
  let out = '', i = 0
  while (i < text.length) {
    const c = text[i]
    if (c === "'" || c === '"') {
      // A quoted string or identifier runs to its closing quote (a doubled quote stays inside).
      let end = i + 1
      for (;;) {
        end = text.indexOf(c, end)
        if (end === -1) throw new Error('Unterminated quote in a compiled query')
        if (text[end + 1] === c) { end += 2; continue }
        break
      }
      out += text.slice(i, end + 1)
      i = end + 1
    } else if (c === '$' && /[0-9]/.test(text[i + 1] ?? '')) {
      let end = i + 1
      while (/[0-9]/.test(text[end] ?? '')) end++
      const n = Number(text.slice(i + 1, end))
      if (n < 1 || n > parameters.length) throw new Error(`The query has no parameter $${n}`)
      out += literal(parameters[n - 1])
      i = end
    } else {
      out += c
      i++
    }
  }
  return out
}
