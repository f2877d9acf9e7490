/** `npm run db:migrate`: applies pending migrations to DATABASE_URL, or to the embedded database. */
import { dbHandle } from '../app/utils/db.server'
import { env } from '../app/utils/env.server'

const handle = dbHandle()
try {
	await handle.migrate()
	console.log(`Migrations applied (${env().DATABASE_URL ? 'PostgreSQL' : `embedded database in ${env().DATA_DIR}`}).`)
} finally {
	await handle.close()
}
