/**
 * The e-mails the file transport wrote (no SMTP_URL), read straight from DATA_DIR/mail as the
 * person who runs the server would: the app itself never shows their contents to anyone.
 */
import fs from 'node:fs'
import path from 'node:path'

import { simpleParser } from 'mailparser'

import { mailDir } from '~/mail/transport.server'

export interface MailFile {
	fileName: string
	to: string
	subject: string
	text: string
	html: string
}

export async function readMailFile(fileName: string): Promise<MailFile> {
	const parsed = await simpleParser(fs.readFileSync(path.join(mailDir(), fileName)))
	const to = Array.isArray(parsed.to) ? parsed.to.map((a) => a.text).join(', ') : (parsed.to?.text ?? '')
	return { fileName, to, subject: parsed.subject ?? '', text: parsed.text ?? '', html: typeof parsed.html === 'string' ? parsed.html : '' }
}

/** Every message in the mail folder, oldest first (file names start with the time of writing). */
export async function readMailFolder(): Promise<MailFile[]> {
	if (!fs.existsSync(mailDir())) return []
	const names = fs
		.readdirSync(mailDir())
		.filter((f) => f.endsWith('.eml'))
		.sort()
	return Promise.all(names.map(readMailFile))
}

/** The token of the first link to `/set-password` or `/p/` in a message's text. */
export function linkToken(mail: MailFile, kind: 'password' | 'pulse'): string {
	const pattern = kind === 'password' ? /\/set-password\?token=([a-z0-9.-]+)/ : /\/p\/([a-z0-9.-]+)/
	const match = mail.text.match(pattern)
	if (!match) throw new Error(`No ${kind} link in the e-mail to ${mail.to}: ${mail.subject}`)
	return match[1]!
}
