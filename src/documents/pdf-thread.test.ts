/**
 * PDFs are drawn on a thread of their own at the lowest CPU priority: what it draws is the
 * document (its text, read back with pdftotext), a document it cannot draw is an error for
 * its asker only, and the thread's nice value is the lowest.
 */
import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { DocumentData } from './document-data.ts'
import { drawPdf } from './pdf-thread.ts'

const address = { name: 'Anna Muster', street: 'Bahnhofstrasse 1', postalCode: '8001', city: 'Zürich', country: 'CH' }
const packingSlip: DocumentData = {
  kind: 'packing_slip', number: 'LS-1001', issuedAt: '2026-12-06T10:00:00.000Z', locale: 'en', timeZone: 'Europe/Zurich',
  currency: 'CHF', pricesIncludeTax: true, orderId: '0193a7f0-0000-7000-8000-000000000001', orderNumber: 'B-1001',
  seller: { name: 'Thread Shop AG', address: null, vatId: null, iban: null, bic: null, email: null },
  billingAddress: address, shippingAddress: null, deliveryNumber: 'B-1001-1',
  lines: [{ lineId: 'l1', sku: 'TEA-1', name: 'Green tea', quantity: 3 }],
}

const textOf = (pdf: Buffer) => execFileSync('pdftotext', ['-layout', '-', '-'], { input: pdf }).toString()

/** Nice values of this process's threads other than 0. */
function niceThreads(): number[] {
  return readdirSync('/proc/self/task').map((t) => Number(readFileSync(`/proc/self/task/${t}/stat`, 'utf8').split(') ')[1].split(' ')[16])).filter((n) => n !== 0)
}

describe('the PDF thread', () => {
  it('draws documents, several at once, each its own', async () => {
    const [a, b] = await Promise.all([drawPdf(packingSlip, null), drawPdf({ ...packingSlip, number: 'LS-1002', deliveryNumber: 'B-1002-1' }, null)])
    expect(a.subarray(0, 5).toString()).toBe('%PDF-')
    expect(textOf(a)).toContain('Thread Shop AG')
    expect(textOf(a)).toContain('Green tea')
    expect(textOf(a)).toContain('LS-1001')
    expect(textOf(b)).toContain('LS-1002')
    expect(textOf(b)).not.toContain('LS-1001')
  })

  it('a document it cannot draw fails for its asker; the next one is drawn', async () => {
    await expect(drawPdf({ ...packingSlip, lines: undefined } as unknown as DocumentData, null)).rejects.toThrow()
    expect(textOf(await drawPdf(packingSlip, null))).toContain('Green tea')
  })

  it.runIf(process.platform === 'linux')('runs at the lowest priority', async () => {
    await drawPdf(packingSlip, null)
    expect(niceThreads()).toContain(19)
  })
})
