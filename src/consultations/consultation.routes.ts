/** Consultation requests (A19). */
import { Type } from 'typebox'
import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../app.ts'
import { Id, ListOf, responses } from '../http/schemas.ts'
import { historyOf } from '../drafts/desk-history.ts'
import { draftToApi } from '../drafts/draft.api.ts'
import { findDraft } from '../drafts/draft.repo.ts'
import { DeskHistoryEntry, Draft } from '../drafts/draft.schemas.ts'
import { idempotentWrite, ok } from '../drafts/idempotent.ts'
import type { ConsultationAction } from './consultation.machine.ts'
import { listConsultations } from './consultation.list.ts'
import { Consultation, ConsultationActionBody, ConsultationQuery, RequestConsultation, type RequestConsultationInput } from './consultation.schemas.ts'
import { consultationToApi, convertConsultation, findConsultation, requestConsultation, runConsultationAction } from './consultation.service.ts'

const tags = ['Consultations']
const Params = Type.Object({ id: Id })
const perm = { permission: 'consultations.manage' as const }

export function consultationRoutes(app: FastifyInstance, { db }: AppContext): void {
  app.post<{ Body: RequestConsultationInput }>('/consultations', {
    config: { permission: 'orders.create' },
    schema: { tags, summary: 'A customer asks for advice (from the storefront)', body: RequestConsultation, response: responses({ 201: Consultation }) },
  }, (req, reply) => idempotentWrite(db, req, reply, async (trx) =>
    ok(201, await consultationToApi(trx, await findConsultation(req.actor, trx, await requestConsultation(trx, req.actor, req.body))))))

  app.get<{ Querystring: ConsultationQuery }>('/consultations', {
    config: perm,
    schema: {
      tags, summary: 'Consultation requests; view=waiting: the unassigned open ones, waiting longest first',
      querystring: ConsultationQuery, response: responses({ 200: ListOf(Consultation) }),
    },
  }, async (req) => ({ items: await listConsultations(db, req.actor, req.query) }))

  app.get<{ Params: { id: string } }>('/consultations/:id', {
    config: perm, schema: { tags, summary: 'A consultation request', params: Params, response: responses({ 200: Consultation }) },
  }, async (req) => consultationToApi(db, await findConsultation(req.actor, db, req.params.id)))

  app.get<{ Params: { id: string } }>('/consultations/:id/history', {
    config: perm, schema: { tags, summary: 'Its history and notes', params: Params, response: responses({ 200: ListOf(DeskHistoryEntry) }) },
  }, async (req) => { await findConsultation(req.actor, db, req.params.id); return { items: await historyOf(db, 'consultation', req.params.id) } })

  app.post<{ Params: { id: string } }>('/consultations/:id/actions/convert', {
    config: { permission: 'drafts.manage' },
    schema: { tags, summary: 'Start a draft order with the products of interest', params: Params, response: responses({ 201: Draft }) },
  }, (req, reply) => idempotentWrite(db, req, reply, async (trx) => {
    const draftId = await convertConsultation(trx, req.actor, req.params.id)
    return ok(201, await draftToApi(trx, await findDraft(req.actor, trx, draftId)))
  }))

  const summaries: Record<Exclude<ConsultationAction, 'convert'>, string> = {
    confirm: 'Confirmed with the customer (an appointment, a call back)', start: 'Start working on it', complete: 'Done',
    cancel: 'Cancel the request', assign: 'Take it, or give it to a colleague (userId)', note: 'Add a note to its history',
  }
  for (const action of Object.keys(summaries) as Exclude<ConsultationAction, 'convert'>[]) {
    app.post<{ Params: { id: string }; Body: { note?: string; userId?: string } }>(`/consultations/:id/actions/${action}`, {
      config: perm,
      schema: { tags, summary: summaries[action], params: Params, body: ConsultationActionBody, response: responses({ 200: Consultation }) },
    }, (req, reply) => idempotentWrite(db, req, reply, async (trx) => {
      await runConsultationAction(trx, req.actor, req.params.id, action, req.body ?? {})
      return ok(200, await consultationToApi(trx, await findConsultation(req.actor, trx, req.params.id)))
    }))
  }
}
