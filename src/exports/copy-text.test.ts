import { Readable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { CopyTextUnescape } from './copy-text.ts'

/** What COPY's text format writes for these values: escapes, then a line break after each. */
const copyText = (values: string[]) => values.map((v) => `${v
  .replaceAll('\\', '\\\\').replaceAll('\n', '\\n').replaceAll('\r', '\\r').replaceAll('\t', '\\t')
  .replaceAll('\b', '\\b').replaceAll('\f', '\\f').replaceAll('\v', '\\v')}\n`).join('')

async function unescape(chunks: Buffer[]) {
  let rows = 0
  const out: Buffer[] = []
  for await (const piece of Readable.from(chunks).pipe(new CopyTextUnescape(() => rows++))) out.push(piece as Buffer)
  return { text: Buffer.concat(out).toString(), rows }
}

describe('CopyTextUnescape', () => {
  const values = ['a,b,"He said ""hi"", then\nleft",x', 'C:\\path\\to\tTab', 'plain,line', 'bell\b form\f vtab\v cr\r', 'Zürich 🙂\\']
  const bytes = Buffer.from(copyText(values))

  it('gives back the values, a line each, however COPY cut its stream', async () => {
    for (let cut = 1; cut < bytes.length; cut++) {
      const got = await unescape([bytes.subarray(0, cut), bytes.subarray(cut)])
      expect(got.text).toBe(values.map((v) => `${v}\n`).join(''))
      expect(got.rows).toBe(values.length)
    }
  })

  it('passes a chunk without escapes on as it is', async () => {
    const chunk = Buffer.from('one,line\nanother,line\n')
    const out: Buffer[] = []
    for await (const piece of Readable.from([chunk]).pipe(new CopyTextUnescape())) out.push(piece as Buffer)
    expect(out).toHaveLength(1)
    expect(out[0].buffer).toBe(chunk.buffer)
  })
})
