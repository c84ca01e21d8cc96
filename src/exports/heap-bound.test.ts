import { describe, expect, it } from 'vitest'
import { collectEvery } from './heap-bound.ts'

describe('collectEvery', () => {
  it('collects once per batch of orders', () => {
    let collections = 0
    const tick = collectEvery(3, () => { collections++ })
    for (let i = 0; i < 10; i++) tick()
    expect(collections).toBe(3)
  })

  it('does nothing where Node was started without --expose-gc', () => {
    const tick = collectEvery(1, undefined)
    expect(() => { for (let i = 0; i < 5; i++) tick() }).not.toThrow()
  })
})
