import { Transform } from 'node:stream'

/**
 * `COPY ... TO STDOUT` of one text column in the text format: each value, then a line break.
 * The value is the CSV line, so COPY's bytes are the CSV itself, except that COPY writes a
 * backslash, line break, carriage return, tab, backspace, form feed or vertical tab inside
 * a value as a backslash and a letter (`\\`, `\n`, ...). A chunk with no backslash (nearly
 * all of them) is passed on as it is, without a copy; the others are unescaped.
 * (Each chunk passed on untouched spares the garbage collector a buffer of its size: the
 * binary format, unwrapped here before, took two new buffers per chunk.)
 */
export class CopyTextUnescape extends Transform {
  // The previous chunk ended in the backslash of an escape.
  #inEscape = false
  readonly #onRow?: () => void
  constructor(onRow?: () => void) { super(); this.#onRow = onRow }

  override _transform(chunk: Buffer, _encoding: string, done: (error?: Error) => void): void {
    if (this.#onRow) for (let at = chunk.indexOf(LF); at !== -1; at = chunk.indexOf(LF, at + 1)) this.#onRow()
    if (!this.#inEscape && !chunk.includes(BACKSLASH)) {
      this.push(chunk)
      return done()
    }
    const out = Buffer.allocUnsafe(chunk.length)
    let written = 0, from = 0
    if (this.#inEscape && chunk.length) {
      out[written++] = unescaped(chunk[0])
      from = 1
      this.#inEscape = false
    }
    while (from < chunk.length) {
      const at = chunk.indexOf(BACKSLASH, from)
      written += chunk.copy(out, written, from, at === -1 ? chunk.length : at)
      if (at === -1) break
      if (at + 1 === chunk.length) { this.#inEscape = true; break }
      out[written++] = unescaped(chunk[at + 1])
      from = at + 2
    }
    if (written) this.push(out.subarray(0, written))
    done()
  }
}

const LF = 0x0a, BACKSLASH = 0x5c
// COPY's escapes of control characters, by the letter after the backslash; any other letter
// (a backslash, or the column delimiter) stands for itself.
const controlOf: Record<number, number> = { 0x62: 0x08, 0x66: 0x0c, 0x6e: 0x0a, 0x72: 0x0d, 0x74: 0x09, 0x76: 0x0b }
const unescaped = (letter: number) => controlOf[letter] ?? letter
