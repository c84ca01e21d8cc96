/** The Vouchers area over HTTP (A20): search, detail, changes, redemptions, history, print. */
import { Type } from 'typebox'
import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../app.ts'
import { ListOf, responses, Sku } from '../http/schemas.ts'
import { inTransaction } from '../db/transaction.ts'
import { getIssueSettings, getVoucherLayout, putIssueSettings, putVoucherLayout } from './issue-settings.ts'
import { voucherPdf } from './voucher-pdf.ts'
import { findVoucher } from './voucher.repo.ts'
import {
  IssueSettings, PatchVoucher, Redeem, VoidVoucher, Voucher, VoucherEntry, VoucherLayout, VoucherQuery,
  type IssueSettingsInput, type VoucherLayoutInput, type PatchVoucherInput, type RedeemInput, type VoucherQueryInput,
} from './voucher.schemas.ts'
import { getVoucher, listVouchers, patchVoucher, redeem, voidByStaff, voucherHistory } from './voucher.service.ts'

const tags = ['Vouchers']
const Params = Type.Object({ code: Type.String({ minLength: 1, maxLength: 40 }) })
type P = { Params: { code: string } }
const keyHeader = Type.Object({ 'idempotency-key': Type.Optional(Type.String()) })

export function voucherRoutes(app: FastifyInstance, { db }: AppContext): void {
  app.get<{ Querystring: VoucherQueryInput }>('/vouchers', {
    config: { permission: 'vouchers.read' },
    schema: { tags, summary: 'Search vouchers by code, recipient or order number', querystring: VoucherQuery, response: responses({ 200: ListOf(Voucher) }) },
  }, async (req) => listVouchers(db, req.actor, req.query))

  app.get<P>('/vouchers/:code', {
    config: { permission: 'vouchers.read' },
    schema: { tags, summary: 'A voucher with its balance', params: Params, response: responses({ 200: Voucher }) },
  }, async (req) => getVoucher(db, req.actor, req.params.code))

  app.patch<P & { Body: PatchVoucherInput }>('/vouchers/:code', {
    config: { permission: 'vouchers.manage' },
    schema: { tags, summary: 'Change expiry, notes, recipient, message or print layout', params: Params, headers: keyHeader, body: PatchVoucher, response: responses({ 200: Voucher }) },
  }, async (req, reply) => reply.status(200).send(await inTransaction(db, (trx) => patchVoucher(trx, req.actor, req.params.code, req.body))))

  app.get<P>('/vouchers/:code/history', {
    config: { permission: 'vouchers.read' },
    schema: { tags, summary: 'Every change of the voucher', params: Params, response: responses({ 200: ListOf(VoucherEntry) }) },
  }, async (req) => voucherHistory(db, req.actor, req.params.code))

  app.get<P>('/vouchers/:code/redemptions', {
    config: { permission: 'vouchers.read' },
    schema: { tags, summary: 'What was paid with the voucher, and given back onto it', params: Params, response: responses({ 200: ListOf(VoucherEntry) }) },
  }, async (req) => voucherHistory(db, req.actor, req.params.code, ['redemption', 'payment', 'payment-refund', 'credit']))

  app.post<P & { Body: RedeemInput }>('/vouchers/:code/redemptions', {
    config: { permission: 'vouchers.manage' },
    schema: {
      tags, summary: 'Redeem all or part of the balance',
      description: 'Never takes the balance below zero, however many redemptions arrive at once. With an `Idempotency-Key`, a retry returns the first answer.',
      params: Params, headers: keyHeader, body: Redeem, response: responses({ 201: Voucher }),
    },
  }, async (req, reply) => reply.status(201).send(await inTransaction(db, (trx) => redeem(trx, req.actor, req.params.code, req.body))))

  app.post<P & { Body: { reason: string } }>('/vouchers/:code/void', {
    config: { permission: 'vouchers.manage' },
    schema: { tags, summary: 'Withdraw the voucher; its balance is gone', params: Params, headers: keyHeader, body: VoidVoucher, response: responses({ 200: Voucher }) },
  }, async (req, reply) => reply.status(200).send(await inTransaction(db, (trx) => voidByStaff(trx, req.actor, req.params.code, req.body.reason))))

  app.get<P>('/vouchers/:code/pdf', {
    config: { permission: 'vouchers.read' },
    schema: { tags, summary: 'The voucher to print (PDF, with a QR code of the code)', params: Params },
  }, async (req, reply) => {
    const v = await findVoucher(db, req.actor, req.params.code)
    const pdf = await voucherPdf(db, v)
    return reply.header('content-type', 'application/pdf').header('content-disposition', `inline; filename="voucher-${v.code}.pdf"`).send(pdf)
  })

  app.get<{ Params: { shop: string } }>('/voucher-layouts/:shop', {
    config: { permission: 'vouchers.read' },
    schema: { tags, summary: "How the shop's vouchers look when printed", params: Type.Object({ shop: Type.String({ maxLength: 24 }) }), response: responses({ 200: VoucherLayout }) },
  }, async (req) => getVoucherLayout(db, req.actor, req.params.shop))

  app.put<{ Params: { shop: string }; Body: VoucherLayoutInput }>('/voucher-layouts/:shop', {
    config: { permission: 'vouchers.manage' },
    schema: { tags, summary: "Set the shop's voucher colours, title and closing line", params: Type.Object({ shop: Type.String({ maxLength: 24 }) }), body: VoucherLayout, response: responses({ 200: VoucherLayout }) },
  }, async (req) => inTransaction(db, (trx) => putVoucherLayout(trx, req.actor, req.params.shop, req.body)))

  app.get<{ Params: { sku: string } }>('/products/:sku/issue-settings', {
    config: { permission: 'catalog.read' },
    schema: { tags, summary: 'What a voucher or licence product issues', params: SkuParams, response: responses({ 200: IssueSettingsOut }) },
  }, async (req) => getIssueSettings(db, req.params.sku))

  app.put<{ Params: { sku: string }; Body: IssueSettingsInput }>('/products/:sku/issue-settings', {
    config: { permission: 'catalog.write' },
    schema: { tags, summary: 'Set voucher validity and layout, licence key format, activation limit and validity', params: SkuParams, body: IssueSettings, response: responses({ 200: IssueSettingsOut }) },
  }, async (req) => inTransaction(db, (trx) => putIssueSettings(trx, req.params.sku, req.body)))
}

const SkuParams = Type.Object({ sku: Sku })
const IssueSettingsOut = Type.Object({
  sku: Type.String(), kind: Type.String(), voucherValidityMonths: Type.Integer(), voucherLayout: Type.String(),
  voucherChosenValue: Type.Union([Type.Object({ min: Type.Integer(), max: Type.Integer() }), Type.Null()]),
  licenceKeyFormat: Type.String(), licenceActivationLimit: Type.Integer(), licenceValidityDays: Type.Union([Type.Integer(), Type.Null()]),
})
