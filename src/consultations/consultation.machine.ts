/** A consultation request's life (A19): confirmed with the customer, worked on, done, or cancelled. */
import { allowedActions, type Machine } from '../drafts/machine.ts'

export const consultationStatuses = ['pending_confirmation', 'confirmed', 'processing', 'done', 'cancelled'] as const
export type ConsultationStatus = (typeof consultationStatuses)[number]
const open = ['pending_confirmation', 'confirmed', 'processing'] as const

export const consultationMachine = {
  confirm: { from: ['pending_confirmation'], to: 'confirmed' },
  start: { from: ['pending_confirmation', 'confirmed'], to: 'processing' },
  complete: { from: ['processing'], to: 'done' },
  cancel: { from: open, to: 'cancelled' },
  assign: { from: open, to: null },
  note: { from: consultationStatuses, to: null },
  // A draft order with the products of interest; the request is then being worked on.
  convert: { from: open, to: 'processing' },
} as const satisfies Machine<ConsultationStatus, string>

export type ConsultationAction = keyof typeof consultationMachine
export const consultationActionNames = Object.keys(consultationMachine) as ConsultationAction[]
export const consultationActionsFrom = (s: ConsultationStatus) => allowedActions<ConsultationStatus, ConsultationAction>(consultationMachine, s)
export const openConsultationStatuses: readonly string[] = open
