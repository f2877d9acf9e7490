/**
 * Delivery: through SMTP_URL when set; otherwise each message is written as an .eml file under
 * DATA_DIR/mail, for whoever runs the server (they have the machine anyway). The app never reads
 * those files back: their links are secrets of their recipients, so no page shows them.
 */
import fs from 'node:fs/promises'
import path from 'node:path'

import nodemailer, { type Transporter } from 'nodemailer'

import { type Env, env } from '~/utils/env.server'
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from '~db/private-files'

export interface OutgoingMail {
	id: string
	to: string
	subject: string
	text: string
	html: string
	/** Extra headers, e.g. List-Unsubscribe. */
	headers?: Record<string, string>
}

let smtp: Transporter | undefined

export function mailDir() {
	return path.join(env().DATA_DIR, 'mail')
}

/**
 * What the server says once at start when its e-mails would reach nobody: in production with no
 * SMTP_URL they are only written to DATA_DIR/mail. Null when there is nothing to warn about.
 */
export function undeliveredMailWarning(e: Pick<Env, 'NODE_ENV' | 'SMTP_URL' | 'DATA_DIR'> = env()): string | null {
	if (e.NODE_ENV !== 'production' || e.SMTP_URL) return null
	return `Warning: SMTP_URL is not set, so e-mails (invitations, password resets, pulses) are not delivered to anyone: they are written to ${path.join(e.DATA_DIR, 'mail')} on this machine. Set SMTP_URL to send them.`
}

export async function sendMail(mail: OutgoingMail): Promise<{ fileName: string | null }> {
	const e = env()
	const message = { from: e.MAIL_FROM, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html, headers: mail.headers ?? {} }
	if (e.SMTP_URL) {
		smtp ??= nodemailer.createTransport(e.SMTP_URL)
		await smtp.sendMail(message)
		return { fileName: null }
	}
	const info = await nodemailer.createTransport({ streamTransport: true, buffer: true }).sendMail(message)
	const fileName = `${new Date().toISOString().replace(/[:.]/g, '-')}-${mail.id}.eml`
	// Private: a message holds a live link (pulse, password) for its recipient alone (db/private-files.ts).
	await fs.mkdir(mailDir(), { recursive: true, mode: PRIVATE_DIR_MODE })
	await fs.writeFile(path.join(mailDir(), fileName), info.message as Buffer, { mode: PRIVATE_FILE_MODE })
	return { fileName }
}
