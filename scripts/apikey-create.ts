/** `npm run apikey:create -- --org <slug> --name <label>`: prints a new API key for the organisation. */
import { parseArgs } from 'node:util'
import { eq } from 'drizzle-orm'
import { organizations } from '../db/schema'
import { createApiKey } from '../app/metrics/api-keys.server'
import { dbHandle } from '../app/utils/db.server'

const { values } = parseArgs({ options: { org: { type: 'string' }, name: { type: 'string' } } })
if (!values.org || !values.name) {
	console.error('Usage: npm run apikey:create -- --org <organisation slug> --name <label>')
	process.exit(2)
}

const handle = dbHandle()
try {
	const [org] = await handle.db.select({ id: organizations.id, name: organizations.name }).from(organizations).where(eq(organizations.slug, values.org))
	if (!org) {
		console.error(`No organisation with the slug "${values.org}".`)
		process.exitCode = 1
	} else {
		const result = await createApiKey(org.id, values.name)
		if (!result.ok) {
			console.error(Object.values(result.errors).join(' '))
			process.exitCode = 1
		} else {
			// The key alone on stdout, so `KEY=$(npm run -s apikey:create -- …)` works; the rest on stderr.
			console.error(`API key "${result.value.name}" for ${org.name}. It is shown only this once:`)
			console.log(result.value.key)
		}
	}
} finally {
	await handle.close()
}
