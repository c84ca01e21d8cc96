/**
 * Security finding 3: shop-edited templates read no file and cannot blow up. `{% include %}`
 * of src/config.ts, data/ or .git/config returned the file (and a saved template mailed it to
 * customers); a capture doubled in a loop made 168 MB from a 171-byte template.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startOrdo, type Ordo } from './harness.ts'
import { card, createWorld, expectProblem, must, placeOrder } from './fixtures.ts'
import { workerFor } from './jobs-support.ts'

let ordo: Ordo
beforeAll(async () => { ordo = await startOrdo() })
afterAll(async () => { await ordo?.close() })

const fileReads = [
  "{% include 'src/config.ts' %}", "{% include 'package.json' %}", '{% include ".git/config" %}', "{% render 'data/PG_VERSION' %}",
  "{% layout 'src/config.ts' %}x", "{% include '/etc/passwd' %}", "{% render '../../../../etc/hostname' %}", '{% include {{ x }} %}',
]
const doubling = '{% assign s = "xxxxxxxxxxxxxxxx" %}{% for i in (1..30) %}{% capture s %}{{ s }}{{ s }}{% endcapture %}{% endfor %}{{ s | size }}'

describe('shop-edited e-mail templates', () => {
  it('never read a file: in a preview, or when saved', async () => {
    const world = await createWorld(ordo.api)
    const shop = world.shop.code
    const order = await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 1 }], card())
    for (const attempt of fileReads) {
      for (const part of ['subject', 'text', 'html']) {
        const template = { subject: 'Hello', text: 'Hello', html: '<p>Hello</p>', [part]: attempt }
        const preview = await ordo.api('POST', `/shops/${shop}/mail/preview`, { event: 'order.placed', recipient: 'customer', orderId: order.id, template })
        expectProblem(preview, 400, 'template_invalid')
        expect(JSON.stringify(preview.body)).not.toMatch(/ORDO_|"name": "ordo"|\[core\]|root:/)
        expectProblem(await ordo.api('PUT', `/shops/${shop}/mail/templates/order.placed/customer`, template), 400, 'template_invalid')
      }
    }
    // Nothing was saved: the next order's e-mail is the default one.
    const next = await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 1 }], card())
    await workerFor(ordo).drain()
    const mail = must(await ordo.api('GET', `/mail?orderId=${next.id}`), 200).items
    expect(mail.find((m: any) => m.event === 'order.placed').subject).toBe(`Your order ${next.number}`)
  })

  it('stops a template whose output grows without bound, quickly and without a 500', async () => {
    const world = await createWorld(ordo.api)
    const order = await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 1 }], card())
    const template = { subject: 'Hello', text: doubling, html: '<p>x</p>' }
    const before = process.memoryUsage().rss
    const preview = await ordo.api('POST', `/shops/${world.shop.code}/mail/preview`, { event: 'order.placed', recipient: 'customer', orderId: order.id, template })
    expectProblem(preview, 400, 'template_invalid')
    expect(preview.body.detail).toMatch(/memory|longer than/)
    expect(process.memoryUsage().rss - before).toBeLessThan(100 * 1024 * 1024)
    // A loop that is merely long, not explosive, still renders.
    const fine = { subject: 'Hello', text: '{% for i in (1..200) %}{{ i }},{% endfor %}', html: '<p>x</p>' }
    const ok = must(await ordo.api('POST', `/shops/${world.shop.code}/mail/preview`, { event: 'order.placed', recipient: 'customer', orderId: order.id, template: fine }), 200)
    expect(ok.text).toContain('199,200,')
  })
})
