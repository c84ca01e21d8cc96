/** Ordo's server in a child process, as in production: the load (or the test) does not share its event loop, and the process can be killed. */
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'

export interface ServerProcess { url: string; token: string; child: ChildProcess; stop(): Promise<void> }

export async function startServerProcess(databaseUrl: string, extraEnv: Record<string, string> = {}): Promise<ServerProcess> {
  const token = extraEnv.ORDO_ADMIN_TOKEN ?? `ordo-${randomBytes(16).toString('hex')}`
  const port = 20000 + Math.floor(Math.random() * 20000)
  const child = spawn(process.execPath, ['src/main.ts', 'serve'], {
    cwd: new URL('..', import.meta.url).pathname,
    env: {
      ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), HOST: '127.0.0.1', ORDO_DEMO: '0',
      ORDO_ADMIN_TOKEN: token, LOG_LEVEL: 'warn', ...extraEnv,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  const url = `http://127.0.0.1:${port}`
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`)
    try {
      if ((await fetch(`${url}/health`)).ok) break
    } catch { /* not up yet */ }
    await sleep(100)
  }
  return {
    url, token, child,
    stop: async () => {
      if (child.exitCode !== null) return
      child.kill('SIGTERM')
      await new Promise((resolve) => child.once('exit', resolve))
    },
  }
}
