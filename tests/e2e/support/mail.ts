/**
 * The e-mails a server with no SMTP_URL wrote to DATA_DIR/mail, read from the files as whoever
 * runs the server would: the app shows no e-mail's contents or link to anyone.
 */
import fs from 'node:fs'
import path from 'node:path'

import { simpleParser } from 'mailparser'

export async function mailsTo(dataDir: string, to: string) {
	const dir = path.join(dataDir, 'mail')
	if (!fs.existsSync(dir)) return []
	const mails = await Promise.all(
		fs
			.readdirSync(dir)
			.filter((f) => f.endsWith('.eml'))
			.map(async (f) => simpleParser(fs.readFileSync(path.join(dir, f)))),
	)
	return mails
		.filter((m) => (Array.isArray(m.to) ? m.to : [m.to]).some((a) => a?.value.some((v) => v.address === to)))
		.map((m) => ({ subject: m.subject ?? '', text: m.text ?? '' }))
}
