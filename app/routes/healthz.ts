import { isReady } from '~/runtime.server'
import { dbHandle } from '~/utils/db.server'

const noStore = { 'Cache-Control': 'no-store' }

// A resource route answers with a Response of its own (data() sets no status here).
/**
 * For load balancers and uptime checks: 503 "starting" until the server has migrated and seeded
 * (so a check never flaps while the demo is being written), then 200 while the database answers
 * and 503 when it does not.
 */
export async function loader() {
	const started = Date.now()
	const handle = dbHandle()
	if (!isReady()) return Response.json({ status: 'starting', database: handle.kind }, { status: 503, headers: { ...noStore, 'Retry-After': '5' } })
	try {
		await handle.ping(2000)
		return Response.json({ status: 'ok', database: handle.kind, latencyMs: Date.now() - started }, { headers: noStore })
	} catch {
		return Response.json({ status: 'unavailable', database: handle.kind }, { status: 503, headers: noStore })
	}
}
