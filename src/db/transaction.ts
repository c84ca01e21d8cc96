/** One transaction per request, retried when PostgreSQL resolves a deadlock or serialization conflict. */
import { setTimeout as sleep } from 'node:timers/promises'
import type { Database } from './database.ts'

const retryable = new Set(['40001', '40P01'])
const attempts = 5

export async function inTransaction<T>(db: Database, work: (trx: Database) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().execute(work)
    } catch (error) {
      const code = (error as { code?: string }).code
      if (!code || !retryable.has(code) || attempt === attempts) throw error
      await sleep(5 * attempt + Math.random() * 20)
    }
  }
}
