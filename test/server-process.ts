/** Ordo's server in a child process, as in production: the load (or the test) does not share its event loop, and the process can be killed. */
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { createServer, type AddressInfo } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'

export interface ServerProcess {
  url: string
  token: string
  child: ChildProcess
  /** What the server printed on stdout (with `captureOutput`). */
  output(): string
  stop(): Promise<void>
}

export interface ServerProcessOptions {
  captureOutput?: boolean
  /** How long start-up may take (demo data takes a while). */
  startupMs?: number
  /** Arguments after `serve`, e.g. ['--no-worker']. */
  args?: string[]
  /** Another checkout of Ordo to run (a benchmark's "before"); this one by default. */
  cwd?: string
}

export async function startServerProcess(databaseUrl: string, extraEnv: Record<string, string> = {}, options: ServerProcessOptions = {}): Promise<ServerProcess> {
  // A port free a moment ago can be taken by then (any outgoing connection may get it):
  // a server that could not listen is started again on another.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(databaseUrl, extraEnv, options, await freePort())
    } catch (error) {
      if (!(error instanceof PortTaken) || attempt === 3) throw error
    }
  }
}

class PortTaken extends Error {}

/** A port nothing listens on now, as the system hands them out. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo
      probe.close(() => resolve(port))
    })
  })
}

async function startOnce(databaseUrl: string, extraEnv: Record<string, string>, options: ServerProcessOptions, port: number): Promise<ServerProcess> {
  const token = extraEnv.ORDO_ADMIN_TOKEN ?? `ordo-${randomBytes(16).toString('hex')}`
  const child = spawn(process.execPath, ['bin/ordo.js', 'serve', ...(options.args ?? [])], {
    cwd: options.cwd ?? new URL('..', import.meta.url).pathname,
    env: {
      ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), HOST: '127.0.0.1', ORDO_DEMO: '0',
      ORDO_ADMIN_TOKEN: token, LOG_LEVEL: 'warn', ...extraEnv,
    },
    stdio: ['ignore', options.captureOutput ? 'pipe' : 'ignore', 'pipe'],
  })
  let output = ''
  let errors = ''
  child.stdout?.on('data', (chunk) => { output += chunk })
  // What the server says on stderr still reaches the test's, and tells a taken port apart.
  child.stderr?.on('data', (chunk) => { errors += chunk; process.stderr.write(chunk) })
  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + (options.startupMs ?? 60_000)
  for (;;) {
    if (child.exitCode !== null) {
      if (errors.includes('EADDRINUSE')) throw new PortTaken(`port ${port} was taken`)
      throw new Error(`the server exited with ${child.exitCode}`)
    }
    if (Date.now() > deadline) { child.kill('SIGKILL'); throw new Error('the server did not start in time') }
    try {
      if ((await fetch(`${url}/health`)).ok) break
    } catch { /* not up yet */ }
    await sleep(100)
  }
  // What it prints once it listens (first-run logins) follows right after.
  if (options.captureOutput) await sleep(300)
  return {
    url, token, child,
    output: () => output,
    stop: async () => {
      if (child.exitCode !== null) return
      child.kill('SIGTERM')
      await new Promise((resolve) => child.once('exit', resolve))
    },
  }
}
