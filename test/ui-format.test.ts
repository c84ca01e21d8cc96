/** The admin UI's words and dates: server codes said in words, dates typed as the shop writes them. */
import { describe, expect, it } from 'vitest'
import { datePattern, isoToLocalDate, localDateToIso, plainWords } from '../web/src/format.ts'
import { trackingUrl } from '../web/src/deliveries/carriers.ts'

describe('plainWords', () => {
  it('says action names and states in words', () => {
    expect(plainWords('"ship" is not possible while the delivery is ready_to_ship')).toBe('Ship is not possible while the delivery is ready to ship')
    expect(plainWords('"cancel" is not possible while the order is in_progress')).toBe('Cancel order is not possible while the order is in progress')
    expect(plainWords('Payment by cash_on_delivery needs a shipping address')).toBe('Payment by cash on delivery needs a shipping address')
  })
  it('leaves ordinary text, e-mail addresses and numbers alone', () => {
    expect(plainWords('Only 2 of SKU-1 (line 1) can be cancelled')).toBe('Only 2 of SKU-1 (line 1) can be cancelled')
    expect(plainWords('anna@example.test is taken')).toBe('anna@example.test is taken')
  })
})

describe('dates in the shop locale', () => {
  it('knows the order each locale writes day, month and year in', () => {
    expect(datePattern('de-CH')).toBe('dd.mm.yyyy')
    expect(datePattern('en-US')).toBe('mm/dd/yyyy')
    expect(datePattern('en-GB')).toBe('dd/mm/yyyy')
    expect(datePattern('sv-SE')).toBe('yyyy-mm-dd')
  })
  it('reads what was typed back into yyyy-mm-dd, and refuses what is no date', () => {
    expect(localDateToIso('5.12.2026', 'de-CH')).toBe('2026-12-05')
    expect(localDateToIso('12/5/2026', 'en-US')).toBe('2026-12-05')
    expect(localDateToIso('05/12/26', 'en-GB')).toBe('2026-12-05')
    expect(localDateToIso('2026-12-05', 'en-US')).toBe('2026-12-05')
    expect(localDateToIso('31.02.2026', 'de-CH')).toBeUndefined()
    expect(localDateToIso('soon', 'de-CH')).toBeUndefined()
    expect(isoToLocalDate('2026-12-05', 'de-CH')).toBe('05.12.2026')
    expect(isoToLocalDate('2026-12-05', 'en-US')).toBe('12/05/2026')
  })
})

describe('tracking links', () => {
  it('links a known carrier, by any spelling of its name, and nothing else', () => {
    expect(trackingUrl('DHL', 'JD014600')).toContain('dhl.com')
    expect(trackingUrl('post ch', '99.00.123')).toContain('post.ch')
    expect(trackingUrl('Own van', 'X1')).toBeUndefined()
    expect(trackingUrl('DHL', null)).toBeUndefined()
  })
})
