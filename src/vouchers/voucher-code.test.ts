import { describe, expect, it } from 'vitest'
import { codeAlphabet, newVoucherCode, normaliseVoucherCode } from './voucher-code.ts'

describe('voucher codes', () => {
  it('are four groups of four from an alphabet without look-alikes', () => {
    for (let i = 0; i < 200; i++) expect(newVoucherCode()).toMatch(/^[A-Z2-9]{4}(-[A-Z2-9]{4}){3}$/)
    for (const c of '01OIL') expect(codeAlphabet).not.toContain(c)
  })
  it('do not repeat', () => {
    const codes = new Set(Array.from({ length: 5000 }, newVoucherCode))
    expect(codes.size).toBe(5000)
  })
  it('are found however they are typed', () => {
    expect(normaliseVoucherCode('k7qd 3mxt-9hpa rwze')).toBe('K7QD-3MXT-9HPA-RWZE')
    expect(normaliseVoucherCode('K7QD-3MXT-9HPA-RWZO')).toBeUndefined()
    expect(normaliseVoucherCode('short')).toBeUndefined()
  })
})
