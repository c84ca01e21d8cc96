/**
 * Renders e-mail templates with LiquidJS, which is safe for templates edited by shops:
 * no code runs, only own properties of the data are visible, no file is ever read
 * (include, render and layout are refused), and render time, memory and output size are
 * bounded. The HTML part escapes every output; the plain-text part does not.
 */
import { CaptureTag, Liquid, Tag, type Context, type TagToken } from 'liquidjs'
import { DomainError } from '../http/errors.ts'
import type { MailTemplate } from './default-templates.ts'
import { decimalOf } from '../shared/currency.ts'

/** No part of a rendered e-mail may be longer than this (characters). */
export const maxRenderedLength = 1_000_000

const limits = {
  ownPropertyOnly: true, strictFilters: true, parseLimit: 100_000, renderLimit: 2_000, memoryLimit: 10_000_000,
  // An empty in-memory store: a template that names another template finds nothing on disk.
  templates: {},
}

/** Shop-edited templates stand alone: naming another file is an error when the template is saved. */
class NoFiles extends Tag {
  constructor(token: TagToken, ...rest: ConstructorParameters<typeof Tag> extends [unknown, ...infer R] ? R : never) {
    super(token, ...rest)
    throw new Error(`"${token.name}" is not available: e-mail templates cannot include other files`)
  }
  * render(): Generator<unknown, void, unknown> {}
}

/** `capture` counted against the memory limit, which LiquidJS leaves to append and join. */
class BoundedCapture extends CaptureTag {
  * render(ctx: Context): Generator<unknown, void, string> {
    yield * super.render(ctx)
    ctx.memoryLimit.use(String(ctx.bottom()[this.variable as keyof object] ?? '').length)
  }
}

function engine(options: Record<string, unknown>): Liquid {
  const liquid = new Liquid({ ...limits, ...options })
  for (const name of ['include', 'render', 'layout']) liquid.registerTag(name, NoFiles)
  liquid.registerTag('capture', BoundedCapture)
  return liquid
}
const text = engine({})
const html = engine({ outputEscape: 'escape' })

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

// Parsed templates by their source: a batch of e-mails parses each template once. The
// templates of every shop are a few hundred at most; the map is emptied if it ever grows past that.
const parsed = new Map<string, ReturnType<Liquid['parse']>>()
function parsedOf(engine: Liquid, source: string) {
  const key = `${engine === html ? 'html' : 'text'}\u0000${source}`
  let found = parsed.get(key)
  if (!found) {
    if (parsed.size >= 1000) parsed.clear()
    found = engine.parse(source)
    parsed.set(key, found)
  }
  return found
}

export async function renderMail(template: MailTemplate, context: Record<string, unknown>): Promise<RenderedMail> {
  const render = async (engine: Liquid, part: 'subject' | 'text' | 'html') => {
    try { return await engine.render(parsedOf(engine, template[part]), context) as string } catch (error) {
      throw new DomainError('template_invalid', `${part}: ${(error as Error).message}`, { part })
    }
  }
  const [subject, plain, rich] = await Promise.all([render(text, 'subject'), render(text, 'text'), render(html, 'html')])
  for (const [part, value] of [['subject', subject], ['text', plain], ['html', rich]] as const) {
    if (value.length > maxRenderedLength) throw new DomainError('template_invalid', `${part}: the rendered e-mail is longer than ${maxRenderedLength} characters`, { part })
  }
  return { subject: subject.replace(/\s+/g, ' ').trim(), text: plain, html: rich }
}
