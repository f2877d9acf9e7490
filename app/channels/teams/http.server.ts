/**
 * The Teams route's plumbing: the bearer token is verified (app/channels/teams/auth.server.ts)
 * before the body is parsed; then the activity must come from the service URL its token names and
 * from the tenant connected to the bot's organisation. Teams expects a 200 once the activity is
 * taken; our answers (card updates, replies) go back through the Bot Connector API.
 */
import { jsonError, readRaw } from '~/api/api-http.server'

import { activitySchema, activityTenant, handleTeamsActivity } from './activities.server'
import { activityMatchesClaims, verifyBotFrameworkToken } from './auth.server'
import { teamsInstallationForApp } from './installations.server'

// An activity with a submitted card is a few kilobytes; Teams' own limit for a message is about 100 KB.
const MAX_BYTES = 256 * 1024

export async function handleTeamsRequest(request: Request, now = new Date()): Promise<Response> {
	const verdict = await verifyBotFrameworkToken(request.headers.get('Authorization'), async (appId) => Boolean(await teamsInstallationForApp(appId)), now)
	if (!verdict.ok) return jsonError('UNAUTHENTICATED', verdict.reason)
	const raw = await readRaw(request, MAX_BYTES)
	if (!raw) return jsonError('TOO_LARGE', 'Too large for a Teams activity.')
	let body: unknown
	try {
		body = JSON.parse(raw.toString('utf8'))
	} catch {
		return jsonError('INVALID', 'Expected a JSON activity.')
	}
	const parsed = activitySchema.safeParse(body)
	if (!parsed.success) return jsonError('INVALID', 'Not an activity this bot understands.')
	const activity = parsed.data
	if (!activityMatchesClaims(verdict.claims, activity)) return jsonError('UNAUTHENTICATED', 'The activity does not come from the service its token names.')
	const installation = await teamsInstallationForApp(verdict.claims.appId)
	if (!installation) return jsonError('UNAUTHENTICATED', 'The token is not for a bot connected here.')
	if (activityTenant(activity) !== installation.workspaceId) return jsonError('FORBIDDEN', 'This bot is connected to another Microsoft tenant.')
	await handleTeamsActivity(installation, activity)
	return new Response(null, { status: 200 })
}
