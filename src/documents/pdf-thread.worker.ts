/** The PDF thread (pdf-thread.ts): draws each document it is sent and sends the bytes back. */
import { readlinkSync } from 'node:fs'
import { constants, setPriority } from 'node:os'
import { parentPort } from 'node:worker_threads'
import type { DocumentData } from './document-data.ts'
import { renderPdf } from './render-pdf.ts'

lowestPriority()

parentPort!.on('message', async ({ id, data, logo }: { id: number; data: DocumentData; logo: string | null }) => {
  try {
    const pdf = await renderPdf(data, logo)
    parentPort!.postMessage({ id, pdf: new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength) })
  } catch (error) {
    parentPort!.postMessage({ id, error: error instanceof Error ? error.message : String(error) })
  }
})

/**
 * On Linux a thread has its own nice value: setpriority with the thread's id (the last part
 * of /proc/thread-self) lowers this thread only. Elsewhere the thread keeps the process's.
 */
function lowestPriority(): void {
  try {
    const threadId = Number(readlinkSync('/proc/thread-self').split('/').pop())
    if (Number.isInteger(threadId) && threadId > 0) setPriority(threadId, constants.priority.PRIORITY_LOW)
  } catch { /* not Linux, or not allowed: the thread keeps its priority */ }
}
