/** One transaction per request, retried when PostgreSQL resolves a deadlock or serialization conflict, or when the work asks to. */
import { setTimeout as sleep } from 'node:timers/promises'
import type { Database } from './database.ts'

const retryable = new Set(['40001', '40P01'])
const attempts = 5

/**
 * Thrown by work that read something unlocked and found it changed when it wrote: the
 * transaction rolls back and runs again at once. The work sees which attempt it is in, so a
 * second attempt can take the locks first.
 */
export class RunAgain extends Error {}

export async function inTransaction<T>(db: Database, work: (trx: Database, attempt: number) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().execute((trx) => work(trx, attempt))
    } catch (error) {
      if (error instanceof RunAgain && attempt < attempts) continue
      const code = (error as { code?: string }).code
      if (!code || !retryable.has(code) || attempt === attempts) throw error
      await sleep(5 * attempt + Math.random() * 20)
    }
  }
}
