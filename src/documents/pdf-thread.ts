/**
 * PDFs are drawn on a thread of their own, not on the event loop that answers requests: a
 * document takes 8-13 ms of CPU, and drawn inline it held up every request in flight, and
 * with them the row locks their transactions held. The thread runs at the lowest CPU priority
 * (Linux), so under load the PDFs wait for spare CPU instead of taking it from placements; the
 * worker's batch of waiting documents simply takes longer. One thread per process, started on
 * the first PDF; it does not keep the process alive.
 */
import { Worker } from 'node:worker_threads'
import type { DocumentData } from './document-data.ts'

interface Waiting { resolve: (pdf: Buffer) => void; reject: (error: Error) => void }
type Answer = { id: number; pdf: Uint8Array } | { id: number; error: string }

let thread: Worker | undefined
const waiting = new Map<number, Waiting>()
let lastId = 0

export function drawPdf(data: DocumentData, logo: string | null): Promise<Buffer> {
  const id = ++lastId
  const worker = pdfThread()
  return new Promise<Buffer>((resolve, reject) => {
    waiting.set(id, { resolve, reject })
    // Kept alive while a PDF is asked for, so a command that waits for one gets it.
    worker.ref()
    worker.postMessage({ id, data, logo })
  })
}

function pdfThread(): Worker {
  if (thread) return thread
  const worker = new Worker(new URL('./pdf-thread.worker.ts', import.meta.url))
  worker.unref()
  worker.on('message', (answer: Answer) => {
    const asker = waiting.get(answer.id)
    waiting.delete(answer.id)
    if (waiting.size === 0) worker.unref()
    if ('error' in answer) asker?.reject(new Error(answer.error))
    else asker?.resolve(Buffer.from(answer.pdf.buffer, answer.pdf.byteOffset, answer.pdf.byteLength))
  })
  // A thread that fails takes the PDFs it was drawing with it; the next PDF starts a new one.
  const failAll = (error: Error) => {
    if (thread === worker) thread = undefined
    for (const asker of waiting.values()) asker.reject(error)
    waiting.clear()
  }
  worker.on('error', failAll)
  worker.on('exit', (code) => failAll(new Error(`The PDF thread stopped (exit code ${code})`)))
  thread = worker
  return worker
}
