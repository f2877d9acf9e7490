/**
 * Who may read report data through the API (figures, actions): a key with the `reports:read`
 * scope, or the browser of a signed-in admin or executive. One check for every such route, so
 * the rule and its messages are the same everywhere. Throws the JSON answer (401/403, or the
 * key's own 401/429) for `apiHandler` to send.
 */
import type { AppLoadContext } from '@remix-run/node'

import { apiKeyActor, type AuditActor, userActor } from '~/audit/audit.server'
import { getCurrentUser } from '~/auth/guard.server'
import { reachesEveryTeam } from '~/auth/roles'

import { jsonError, requireApiKey } from './api-http.server'

export async function requireReportReader(request: Request, context: AppLoadContext, what: string): Promise<{ orgId: string; actor: AuditActor }> {
	if (request.headers.has('Authorization')) {
		const caller = await requireApiKey(request, 'reports:read')
		return { orgId: caller.orgId, actor: apiKeyActor(caller.keyId, context) }
	}
	const current = await getCurrentUser(request)
	if (!current)
		throw jsonError('UNAUTHENTICATED', 'Send an API key ("Authorization: Bearer son_…"), or sign in as an admin or executive.', {
			'WWW-Authenticate': 'Bearer realm="State of Now"',
		})
	if (!reachesEveryTeam(current.user.role)) throw jsonError('FORBIDDEN', `Only admins and executives can read ${what}.`)
	return { orgId: current.org.id, actor: userActor(current.user, context) }
}
