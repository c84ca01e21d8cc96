/**
 * XML written as text, element by element, for the export's flat shapes: what xmlbuilder2
 * wrote for them, byte for byte, without building a document tree per order (a million
 * trees kept the collector busy and the XML export above 150 MiB).
 * Attributes that are null or undefined are left out, as xmlbuilder2 did; an element with
 * no text and no children closes itself.
 */
export type Attributes = Record<string, string | number | null | undefined>

const textEntities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }
const escapeText = (s: string) => s.replace(/[&<>]/g, (c) => textEntities[c])
const escapeAttribute = (s: string) => s.replace(/[&<>"]/g, (c) => textEntities[c])

function start(name: string, attributes: Attributes | undefined): string {
  let s = `<${name}`
  for (const key in attributes) {
    const value = attributes[key]
    if (value !== null && value !== undefined) s += ` ${key}="${escapeAttribute(String(value))}"`
  }
  return s
}

/** An element with text (`<a>text</a>`, `<a></a>` for empty text) or none (`<a/>`). */
export function leaf(name: string, attributes?: Attributes, text?: string): string {
  return text === undefined ? `${start(name, attributes)}/>` : `${start(name, attributes)}>${escapeText(text)}</${name}>`
}

/** An element around its children, already written; with none it closes itself. */
export function element(name: string, attributes: Attributes | undefined, children: string): string {
  return children === '' ? `${start(name, attributes)}/>` : `${start(name, attributes)}>${children}</${name}>`
}
