/** CPU time from /proc (Linux): the machine's, and one process's. */
import { readdirSync, readFileSync } from 'node:fs'
import { setTimeout as sleep } from 'node:timers/promises'

/** Clock ticks of the whole machine so far, and how many of them idle. */
export function cpuTimes(): { idle: number; total: number } {
  const ticks = readFileSync('/proc/stat', 'utf8').split('\n')[0].split(/\s+/).slice(1).map(Number)
  return { idle: ticks[3] + ticks[4], total: ticks.reduce((a, b) => a + b, 0) }
}

/** CPU ticks (user and system) of one process, all its threads. */
export function processTicks(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
  return Number(fields[11]) + Number(fields[12])
}

/** CPU ticks so far of this process, the server's and every PostgreSQL process's. */
export function sideTicks(serverPid: number) {
  let postgres = 0
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').startsWith('postgres')) postgres += processTicks(Number(pid))
    } catch { /* gone meanwhile */ }
  }
  return { client: processTicks(process.pid), server: processTicks(serverPid), postgres }
}

/**
 * Waits until the machine is at least 90 % idle over a second: what a load left behind (the
 * PDFs and e-mails of its orders, drawn and sent by the server's worker after the answers)
 * is done, so it does not slow what is measured next. Returns the seconds it waited; gives up
 * after `maxSeconds`.
 */
export async function untilQuiet(maxSeconds = 180): Promise<number> {
  const start = Date.now()
  for (;;) {
    const before = cpuTimes()
    await sleep(1000)
    const after = cpuTimes()
    const idle = (after.idle - before.idle) / Math.max(1, after.total - before.total)
    const waited = (Date.now() - start) / 1000
    if (idle >= 0.9 || waited >= maxSeconds) return Math.round(waited)
  }
}
