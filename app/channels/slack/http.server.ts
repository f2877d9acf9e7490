/**
 * The Slack route's plumbing: the raw body (Slack signs the exact bytes), verified before it is
 * parsed; then the interaction, answered as Slack expects (an empty 200 acknowledges; a JSON body
 * with `response_action` changes the modal).
 */
import { json, jsonError, readRaw } from '~/api/api-http.server'
import { env } from '~/utils/env.server'

import { handleSlackInteraction } from './interactions.server'
import { verifySlackRequest } from './signature'

// Slack's interaction payloads are small; a modal with every item is a few kilobytes.
const MAX_BYTES = 64 * 1024

export async function handleSlackRequest(request: Request, now = new Date()): Promise<Response> {
	const secret = env().SLACK_SIGNING_SECRET
	if (!secret) return jsonError('NOT_FOUND', 'Slack is not set up on this server.')
	const raw = await readRaw(request, MAX_BYTES)
	if (!raw) return jsonError('TOO_LARGE', 'Too large for a Slack interaction.')
	const body = raw.toString('utf8')
	const verdict = verifySlackRequest(secret, { signature: request.headers.get('X-Slack-Signature'), timestamp: request.headers.get('X-Slack-Request-Timestamp') }, body, now)
	if (!verdict.ok)
		return jsonError('UNAUTHENTICATED', verdict.reason === 'stale' ? 'The request is too old (or the clocks differ by more than five minutes).' : 'The signature does not match.')
	let payload: unknown
	try {
		payload = JSON.parse(new URLSearchParams(body).get('payload') ?? '')
	} catch {
		return jsonError('INVALID', 'Expected a form with a JSON `payload`.')
	}
	const answer = await handleSlackInteraction(payload)
	return answer.body ? json(answer.body, answer.status) : new Response(null, { status: answer.status })
}
