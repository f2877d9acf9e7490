/**
 * `npm run apikey:create -- --org <slug> --name <label> --scopes events:write[,metrics:read,reports:read] [--expires YYYY-MM-DD]`:
 * prints a new API key for the organisation. The scopes must be named: a key does only what it is for.
 */
import { parseArgs } from 'node:util'

import { eq } from 'drizzle-orm'

import { apiScopes, createApiKey } from '../app/api/api-keys.server'
import { dbHandle } from '../app/utils/db.server'
import { organizations } from '../db/schema'

const USAGE = `Usage: npm run apikey:create -- --org <organisation slug> --name <label> --scopes <${apiScopes.join(',')}> [--expires YYYY-MM-DD]
  --scopes   what the key may do, comma-separated: ${apiScopes.join(', ')}
  --expires  the last day the key works, in the organisation's time zone (default: no expiry)`

const { values } = parseArgs({ options: { org: { type: 'string' }, name: { type: 'string' }, scopes: { type: 'string' }, expires: { type: 'string' } } })
if (!values.org || !values.name || !values.scopes) {
	console.error(USAGE)
	process.exit(2)
}

const handle = dbHandle()
try {
	const [org] = await handle.db.select({ id: organizations.id, name: organizations.name }).from(organizations).where(eq(organizations.slug, values.org))
	if (!org) {
		console.error(`No organisation with the slug "${values.org}".`)
		process.exitCode = 1
	} else {
		const result = await createApiKey(org.id, values.name, { scopes: values.scopes.split(','), expiresOn: values.expires ?? null })
		if (!result.ok) {
			console.error(Object.values(result.errors).join(' '))
			process.exitCode = 1
		} else {
			// The key alone on stdout, so `KEY=$(npm run -s apikey:create -- …)` works; the rest on stderr.
			const until = result.value.expiresAt ? `until ${result.value.expiresAt.toISOString()}` : 'with no expiry'
			console.error(`API key "${result.value.name}" for ${org.name} (${result.value.scopes.join(', ')}), ${until}. It is shown only this once:`)
			console.log(result.value.key)
		}
	}
} finally {
	await handle.close()
}
