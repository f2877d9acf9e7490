/**
 * `npm run person:erase -- --org <slug> --email <address>`: erases a person (GDPR Art. 17), as
 * the admin page's "Erase" does (app/org/erasure.server.ts). The audit log records a
 * command-line erasure, not whom. With the embedded database, stop the server first.
 */
import { parseArgs } from 'node:util'

import { and, eq } from 'drizzle-orm'

import { COMMAND_ACTOR } from '../app/audit/audit.server'
import { erasePerson } from '../app/org/erasure.server'
import { dbHandle } from '../app/utils/db.server'
import { organizations, users } from '../db/schema'

const { values } = parseArgs({ options: { org: { type: 'string' }, email: { type: 'string' } } })
if (!values.org || !values.email) {
	console.error('Usage: npm run person:erase -- --org <organisation slug> --email <e-mail address>')
	process.exit(2)
}

const handle = dbHandle()
try {
	const [org] = await handle.db.select({ id: organizations.id }).from(organizations).where(eq(organizations.slug, values.org))
	const [person] = org
		? await handle.db
				.select({ id: users.id })
				.from(users)
				.where(and(eq(users.orgId, org.id), eq(users.email, values.email.trim().toLowerCase())))
		: []
	if (!org) {
		console.error(`No organisation with the slug "${values.org}".`)
		process.exitCode = 1
	} else if (!person) {
		console.error(`No one with that e-mail address in "${values.org}".`)
		process.exitCode = 1
	} else {
		const r = await erasePerson(org.id, person.id, { actor: COMMAND_ACTOR })
		if (!r.ok) {
			console.error(Object.values(r.errors).join(' '))
			process.exitCode = 1
		} else {
			const v = r.value
			console.log(`Erased: ${v.invitations} pulse invitations, ${v.sessions} sessions, ${v.mails} e-mails (${v.files} files) deleted; anonymous answers kept.`)
		}
	}
} finally {
	await handle.close()
}
