import { describe, expect, it } from 'vitest'
import { keyFormatProblem, newLicenceKey } from './licence-key.ts'

describe('licence keys', () => {
  it('follow the product format', () => {
    expect(newLicenceKey('ORDO-XXXX-XXXX-####')).toMatch(/^ORDO-[A-Z2-9]{4}-[A-Z2-9]{4}-[2-9]{4}$/)
  })
  it('refuse formats that could be guessed', () => {
    expect(keyFormatProblem('KEY-XXXX')).toMatch(/12 random/)
    expect(keyFormatProblem('XXXXX-XXXXX-XXXXX')).toBeUndefined()
  })
})
