import { Type, type Static } from 'typebox'
import { Code, Text } from '../http/schemas.ts'

export const Warehouse = Type.Object({
  code: Type.String(),
  name: Type.String(),
  priority: Type.Integer({ description: 'Lower is tried first when stock is reserved' }),
  createdAt: Type.String({ format: 'date-time' }),
})

export const CreateWarehouse = Type.Object({
  code: Code,
  name: Text(),
  priority: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })),
}, { additionalProperties: false })

export const SetStock = Type.Object({
  onHand: Type.Integer({ minimum: 0, maximum: 1_000_000_000 }),
}, { additionalProperties: false })

const Levels = {
  onHand: Type.Integer(),
  reserved: Type.Integer(),
  available: Type.Integer(),
}

export const StockLevel = Type.Object({ warehouse: Type.String(), sku: Type.String(), ...Levels })
export const Stock = Type.Object({
  sku: Type.String(),
  ...Levels,
  levels: Type.Array(Type.Object({ warehouse: Type.String(), ...Levels })),
})

export type WarehouseApi = Static<typeof Warehouse>
export type CreateWarehouseInput = Static<typeof CreateWarehouse>
export type StockApi = Static<typeof Stock>
export type StockLevelApi = Static<typeof StockLevel>
