import { dbHandle } from '~/utils/db.server'

// A resource route answers with a Response of its own (data() sets no status here).
/** For load balancers and uptime checks: 200 when the database answers, 503 otherwise. */
export async function loader() {
	const started = Date.now()
	const handle = dbHandle()
	try {
		await handle.ping(2000)
		return Response.json({ status: 'ok', database: handle.kind, latencyMs: Date.now() - started }, { headers: { 'Cache-Control': 'no-store' } })
	} catch {
		return Response.json({ status: 'unavailable', database: handle.kind }, { status: 503, headers: { 'Cache-Control': 'no-store' } })
	}
}
