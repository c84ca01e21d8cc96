/** Sends through SMTP when SMTP_URL is set; the message is kept in the database outbox either way. */
import nodemailer, { type Transporter } from 'nodemailer'
import type { RenderedMail } from './mail-render.ts'

const transports = new Map<string, Transporter>()

export async function sendSmtp(
  smtpUrl: string, from: string, to: string[], mail: RenderedMail, attachments: { filename: string; content: Buffer; contentType: string }[] = [],
): Promise<string> {
  let transport = transports.get(smtpUrl)
  if (!transport) {
    transport = nodemailer.createTransport(smtpUrl)
    transports.set(smtpUrl, transport)
  }
  const info = await transport.sendMail({ from, to, subject: mail.subject, text: mail.text, html: mail.html, attachments })
  return info.messageId
}
