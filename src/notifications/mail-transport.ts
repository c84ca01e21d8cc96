/** Sends through SMTP when SMTP_URL is set; the message is kept in the database outbox either way. */
import nodemailer from 'nodemailer'
import type { RenderedMail } from './mail-render.ts'

export interface Attachment { filename: string; content: Buffer; contentType: string }

export interface SmtpSender {
  send(to: string[], mail: RenderedMail, attachments?: Attachment[]): Promise<string>
  /** Closes the connections (a pool left open would hold them until the server drops them). */
  close(): void
}

/**
 * An SMTP sender for one batch of e-mails: a pool of up to four connections, so the batch's
 * messages, sent a few at a time, reuse open connections instead of a new connection and
 * greeting per message.
 */
export function smtpSender(smtpUrl: string, from: string): SmtpSender {
  const transport = nodemailer.createTransport({ url: smtpUrl, pool: true, maxConnections: 4 } as never)
  return {
    async send(to, mail, attachments = []) {
      const info = await transport.sendMail({ from, to, subject: mail.subject, text: mail.text, html: mail.html, ...(attachments.length && { attachments }) })
      return info.messageId
    },
    close: () => transport.close(),
  }
}
