/** Prints a benchmark's table and writes its JSON result, with the machine it ran on. */
import { mkdirSync, writeFileSync } from 'node:fs'
import { describeMachine } from './machine.ts'

export async function report(name: string, command: string, rows: Record<string, unknown>[], extra: Record<string, unknown> = {}, databaseUrl?: string) {
  console.log(`\n${name}  (${command})`)
  console.table(rows)
  for (const [k, v] of Object.entries(extra)) console.log(`${k}: ${typeof v === 'object' ? JSON.stringify(v) : v}`)
  const dir = new URL('../results/', import.meta.url).pathname
  mkdirSync(dir, { recursive: true })
  const result = { name, command, at: new Date().toISOString(), machine: await describeMachine(databaseUrl), rows, ...extra }
  writeFileSync(`${dir}${name}.json`, `${JSON.stringify(result, null, 2)}\n`)
}
