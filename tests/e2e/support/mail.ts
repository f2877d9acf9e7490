/**
 * The e-mails a server with no SMTP_URL wrote to DATA_DIR/mail, read from the files as whoever
 * runs the server would: the app shows no e-mail's contents or link to anyone.
 */
import fs from 'node:fs'
import path from 'node:path'

import { simpleParser } from 'mailparser'

/** Every e-mail the server wrote, parsed as a mail client would (subjects in any language decoded). */
export async function allMails(dataDir: string) {
	const dir = path.join(dataDir, 'mail')
	if (!fs.existsSync(dir)) return []
	const mails = await Promise.all(
		fs
			.readdirSync(dir)
			.filter((f) => f.endsWith('.eml'))
			.map(async (f) => simpleParser(fs.readFileSync(path.join(dir, f)))),
	)
	return mails.map((m) => {
		const text = m.text ?? ''
		return {
			to: (Array.isArray(m.to) ? m.to : [m.to]).flatMap((a) => a?.value.map((v) => v.address ?? '') ?? [])[0] ?? '',
			subject: m.subject ?? '',
			text,
			link: text.match(/(http:\/\/localhost:\d+\/p\/[a-z0-9.-]+)/)?.[1] ?? null,
		}
	})
}

export async function mailsTo(dataDir: string, to: string) {
	return (await allMails(dataDir)).filter((m) => m.to === to).map((m) => ({ subject: m.subject, text: m.text }))
}
