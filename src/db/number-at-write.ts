/**
 * A gap-free number (a shop's next invoice number) taken by the statement that writes the
 * change, instead of by a statement of its own before it.
 *
 * The counter is a row lock held until the commit. Taken first, it was held over the write's
 * round trip as well, and every invoiced placement of a shop queued on it: at 32 clients, 12
 * of the 32 sessions waited there (`bench/lock-waits.ts`), and a shop could not invoice more
 * orders a second than one lock hold allows. Taken in the write, whose COMMIT follows right
 * behind it (Together.last), the lock is held for that statement and the commit only.
 *
 * The change writes a stand-in wherever the number goes (the order's row, the invoice's row
 * and snapshot, its history entry and event, a stored idempotent answer). The statement takes
 * the number in a CTE and puts it in place of the stand-in in every value that holds it; it
 * answers the number, and `taken` hands it to whoever keeps it in memory (the order, its
 * documents), so what is built after the write has it.
 */
import { randomBytes } from 'node:crypto'
import { CompiledQuery, sql, type QueryCreator, type UpdateQueryBuilder } from 'kysely'
import type { DB } from './schema.ts'

export class NumberAtWrite {
  /** Unguessable, so no text a customer typed can contain it. */
  readonly standIn = `#number-${randomBytes(9).toString('base64url')}#`
  private readonly takers: ((number: string) => void)[] = []

  /** Bumps the counter's row and returns the number it gave, as `number`. */
  readonly counter: (db: QueryCreator<DB>) => UpdateQueryBuilder<DB, any, any, { number: string }>

  constructor(counter: NumberAtWrite['counter']) {
    this.counter = counter
  }

  /** Calls `take` with the number once the write has taken it. */
  whenTaken(take: (number: string) => void): void {
    this.takers.push(take)
  }

  /** Called by the write with the number it took. */
  taken(number: string): void {
    for (const take of this.takers.splice(0)) take(number)
  }
}

/** The name of the CTE that takes the number. */
export const takenNumber = 'taken_number'

/**
 * The compiled statement with every parameter that holds the stand-in replaced by the same
 * value with the number in it. A value that is JSON (an object, or text that starts as one:
 * a snapshot, an event's payload, a kept answer) is a jsonb column's and is cast back to
 * jsonb; any other is text (the order's number, a history note).
 */
export function fillingIn(compiled: CompiledQuery, number: NumberAtWrite): CompiledQuery {
  const parameters = [...compiled.parameters, number.standIn]
  const standIn = `$${parameters.length}`
  const filled = new Map<number, string>()
  compiled.parameters.forEach((value, i) => {
    const text = typeof value === 'string' ? value : isPlainObject(value) ? JSON.stringify(value) : undefined
    if (text === undefined || !text.includes(number.standIn)) return
    parameters[i] = text
    const replaced = `replace($${i + 1}::text, ${standIn}, (select "number" from "${takenNumber}"))`
    filled.set(i + 1, typeof value === 'object' || /^[[{]/.test(text) ? `${replaced}::jsonb` : replaced)
  })
  // $12 is not $1 followed by a 2: a placeholder ends where its digits do.
  const text = compiled.sql.replace(/\$(\d+)(?!\d)/g, (whole, n: string) => filled.get(Number(n)) ?? whole)
  return CompiledQuery.raw(text, parameters)
}

/** The number the statement answers (see writeTogether). */
export const numberColumn = sql<string>`(select "number" from ${sql.table(takenNumber)})`.as('number')

// Arrays go to PostgreSQL as arrays, not as JSON.
const isPlainObject = (value: unknown) => value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date) && !Buffer.isBuffer(value)
