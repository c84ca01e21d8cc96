/**
 * Renders e-mail templates with LiquidJS, which is safe for templates edited by shops:
 * no code runs, only own properties of the data are visible, and render time is bounded.
 * The HTML part escapes every output; the plain-text part does not.
 */
import { Liquid } from 'liquidjs'
import { DomainError } from '../http/errors.ts'
import type { MailTemplate } from './default-templates.ts'
import { decimalOf } from '../shared/currency.ts'

const limits = { ownPropertyOnly: true, strictFilters: true, parseLimit: 100_000, renderLimit: 2_000, memoryLimit: 10_000_000 }
const text = new Liquid(limits)
const html = new Liquid({ ...limits, outputEscape: 'escape' })

/**
 * Minor units as a decimal by the currency's own exponent: 1234 CHF -> "12.34", 1234 JPY -> "1234".
 * The currency is the filter's argument, else the order's, else the shop's.
 */
function money(this: { context: { getSync(path: string[]): unknown } }, value: unknown, currency?: unknown) {
  if (typeof value !== 'number') return value
  const cur = currency ?? this.context.getSync(['order', 'totals', 'currency']) ?? this.context.getSync(['shop', 'currency'])
  return typeof cur === 'string' && /^[A-Z]{3}$/.test(cur) ? decimalOf(value, cur) : (value / 100).toFixed(2)
}
for (const engine of [text, html]) engine.registerFilter('money', money)

export interface RenderedMail { subject: string; text: string; html: string }

/** Throws template_invalid with the part and Liquid's message when a template does not parse. */
export function checkTemplate(template: MailTemplate): void {
  for (const part of ['subject', 'text', 'html'] as const) {
    try { (part === 'html' ? html : text).parse(template[part]) } catch (error) {
      throw new DomainError('template_invalid', `${part}: ${(error as Error).message}`, { part })
    }
  }
}

export async function renderMail(template: MailTemplate, context: Record<string, unknown>): Promise<RenderedMail> {
  const render = async (engine: Liquid, part: 'subject' | 'text' | 'html') => {
    try { return await engine.parseAndRender(template[part], context) } catch (error) {
      throw new DomainError('template_invalid', `${part}: ${(error as Error).message}`, { part })
    }
  }
  const [subject, plain, rich] = await Promise.all([render(text, 'subject'), render(text, 'text'), render(html, 'html')])
  return { subject: subject.replace(/\s+/g, ' ').trim(), text: plain, html: rich }
}
