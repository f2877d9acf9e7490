/** `npm run seed:demo`: migrates, then creates the demo organisation unless it exists. */
import { DEMO_ACCOUNTS, demoExists, seedDemo } from '../app/demo/seed.server'
import { dbHandle } from '../app/utils/db.server'

const handle = dbHandle()
try {
	await handle.migrate()
	if (await demoExists()) {
		console.log('The demo organisation "demo" already exists; nothing changed.')
	} else {
		await seedDemo()
		console.log('Seeded the demo organisation "demo". Sign in with:')
	}
	for (const a of DEMO_ACCOUNTS) console.log(`  ${a.role.padEnd(9)} ${a.email}  ${a.password}`)
} finally {
	await handle.close()
}
