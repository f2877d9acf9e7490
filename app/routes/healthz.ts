import type { LoaderFunctionArgs } from '@remix-run/node'

import { getCurrentUser } from '~/auth/guard.server'
import { isAdmin } from '~/auth/roles'
import { connectorsHealthSummary } from '~/connectors/connectors.server'
import { isReady } from '~/runtime.server'
import { dbHandle } from '~/utils/db.server'

const noStore = { 'Cache-Control': 'no-store' }

/** An admin's own organisation's connectors; anyone else (a load balancer) gets nothing more, and no failure here fails the check. */
async function adminDetail(request: Request) {
	try {
		const session = await getCurrentUser(request)
		return session && isAdmin(session.user.role) ? { connectors: await connectorsHealthSummary(session.user.orgId) } : {}
	} catch {
		return {}
	}
}

// A resource route answers with a Response of its own (data() sets no status here).
/**
 * For load balancers and uptime checks: 503 "starting" until the server has migrated and seeded
 * (so a check never flaps while the demo is being written), then 200 while the database answers
 * and 503 when it does not. Signed in as an admin: the connectors' health too.
 */
export async function loader({ request }: LoaderFunctionArgs) {
	const started = Date.now()
	const handle = dbHandle()
	if (!isReady()) return Response.json({ status: 'starting', database: handle.kind }, { status: 503, headers: { ...noStore, 'Retry-After': '5' } })
	try {
		await handle.ping(2000)
		const latencyMs = Date.now() - started
		return Response.json({ status: 'ok', database: handle.kind, latencyMs, ...(await adminDetail(request)) }, { headers: noStore })
	} catch {
		return Response.json({ status: 'unavailable', database: handle.kind }, { status: 503, headers: noStore })
	}
}
