import { create, fragment } from 'xmlbuilder2'
import { describe, expect, it } from 'vitest'
import { element, leaf } from './xml-text.ts'

// Every character that needs escaping somewhere, and some that must be left as they are.
const awkward = `Müller & Söhne <GmbH> "quoted" 'single' ]]> tab\there\nnewline`

describe('XML written as text', () => {
  it('writes what xmlbuilder2 wrote for the same elements, byte for byte', () => {
    const tree = fragment().ele('order', { id: awkward, n: 5, gone: null, absent: undefined })
    tree.ele('name').txt(awkward).up().ele('empty').txt('').up().ele('bare', { a: 1 }).up().ele('lines').up()
    tree.ele('payments', { method: 'card' }).ele('transaction', { amount: 10, at: awkward })
    const text = element('order', { id: awkward, n: 5, gone: null, absent: undefined },
      leaf('name', {}, awkward) + leaf('empty', {}, '') + leaf('bare', { a: 1 }) + element('lines', {}, '') +
      element('payments', { method: 'card' }, leaf('transaction', { amount: 10, at: awkward })))
    expect(text).toBe(tree.end({ headless: true }))
  })

  it('reads back as the values it was given', () => {
    // A parser turns tabs and line breaks in an attribute into spaces (XML's own rule).
    const plain = awkward.replace(/\s/g, ' ')
    const order = create(element('order', { id: plain }, leaf('name', {}, awkward))).root().node as unknown as { getAttribute(name: string): string | null; textContent: string | null }
    expect(order.getAttribute('id')).toBe(plain)
    expect(order.textContent).toBe(awkward)
  })
})
