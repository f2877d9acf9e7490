/**
 * Delivery: through SMTP_URL when set; otherwise each message is written as an .eml file under
 * DATA_DIR/mail, for whoever runs the server (they have the machine anyway). The app never reads
 * those files back: their links are secrets of their recipients, so no page shows them.
 */
import fs from 'node:fs/promises'
import path from 'node:path'
import nodemailer, { type Transporter } from 'nodemailer'
import { env } from '~/utils/env.server'

export interface OutgoingMail {
	id: string
	to: string
	subject: string
	text: string
	html: string
}

let smtp: Transporter | undefined

export function mailDir() {
	return path.join(env().DATA_DIR, 'mail')
}

export async function sendMail(mail: OutgoingMail): Promise<{ fileName: string | null }> {
	const e = env()
	const message = { from: e.MAIL_FROM, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html }
	if (e.SMTP_URL) {
		smtp ??= nodemailer.createTransport(e.SMTP_URL)
		await smtp.sendMail(message)
		return { fileName: null }
	}
	const info = await nodemailer.createTransport({ streamTransport: true, buffer: true }).sendMail(message)
	const fileName = `${new Date().toISOString().replace(/[:.]/g, '-')}-${mail.id}.eml`
	await fs.mkdir(mailDir(), { recursive: true })
	await fs.writeFile(path.join(mailDir(), fileName), info.message as Buffer)
	return { fileName }
}
