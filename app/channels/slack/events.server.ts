/**
 * What the Slack Events API tells the app, after the route has verified the signature: the
 * request URL's one-time `url_verification`, and that the app was uninstalled from a workspace
 * (`app_uninstalled`) or its bot token revoked (`tokens_revoked` with bot ids). Either removes the
 * installation and its matches, so nothing keeps a token Slack no longer honours and people get
 * e-mail again. Slack retries an event it thinks was missed; removing twice removes nothing more.
 */
import { z } from 'zod'

import { slackInstallationRevoked } from './installations.server'

const eventSchema = z.discriminatedUnion('type', [
	z.object({ type: z.literal('url_verification'), challenge: z.string().max(200) }),
	z.object({
		type: z.literal('event_callback'),
		team_id: z.string(),
		event: z
			.object({
				type: z.string(),
				tokens: z
					.object({ bot: z.array(z.string()).optional() })
					.passthrough()
					.optional(),
			})
			.passthrough(),
	}),
])

/** The JSON to answer with, or null for an empty 200. */
export async function handleSlackEvent(raw: unknown): Promise<Record<string, unknown> | null> {
	const parsed = eventSchema.safeParse(raw)
	if (!parsed.success) return null
	const p = parsed.data
	if (p.type === 'url_verification') return { challenge: p.challenge }
	if (p.event.type === 'app_uninstalled') await slackInstallationRevoked(p.team_id, 'app_uninstalled')
	// A revoked user token (none of ours: the app asks for bot scopes only) changes nothing.
	if (p.event.type === 'tokens_revoked' && p.event.tokens?.bot?.length) await slackInstallationRevoked(p.team_id, 'tokens_revoked')
	return null
}
