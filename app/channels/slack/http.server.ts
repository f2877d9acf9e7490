/**
 * The Slack routes' plumbing: the raw body (Slack signs the exact bytes), verified before it is
 * parsed; then the interaction or the event, answered as Slack expects (an empty 200
 * acknowledges; a JSON body with `response_action` changes the modal; `url_verification` echoes
 * its challenge).
 */
import { json, jsonError, readRaw } from '~/api/api-http.server'
import { env } from '~/utils/env.server'

import { handleSlackEvent } from './events.server'
import { handleSlackInteraction } from './interactions.server'
import { verifySlackRequest } from './signature'

// Slack's interaction payloads and events are small; a modal with every item is a few kilobytes.
const MAX_BYTES = 64 * 1024

/** The body as text once its signature holds, or the refusal. */
async function verifiedBody(request: Request, now: Date): Promise<{ body: string } | { refusal: Response }> {
	const secret = env().SLACK_SIGNING_SECRET
	if (!secret) return { refusal: jsonError('NOT_FOUND', 'Slack is not set up on this server.') }
	const raw = await readRaw(request, MAX_BYTES)
	if (!raw) return { refusal: jsonError('TOO_LARGE', 'Too large for a Slack request.') }
	const body = raw.toString('utf8')
	const verdict = verifySlackRequest(secret, { signature: request.headers.get('X-Slack-Signature'), timestamp: request.headers.get('X-Slack-Request-Timestamp') }, body, now)
	if (!verdict.ok)
		return {
			refusal: jsonError(
				'UNAUTHENTICATED',
				verdict.reason === 'stale' ? 'The request is too old (or the clocks differ by more than five minutes).' : 'The signature does not match.',
			),
		}
	return { body }
}

export async function handleSlackRequest(request: Request, now = new Date()): Promise<Response> {
	const verified = await verifiedBody(request, now)
	if ('refusal' in verified) return verified.refusal
	let payload: unknown
	try {
		payload = JSON.parse(new URLSearchParams(verified.body).get('payload') ?? '')
	} catch {
		return jsonError('INVALID', 'Expected a form with a JSON `payload`.')
	}
	const answer = await handleSlackInteraction(payload)
	return answer.body ? json(answer.body, answer.status) : new Response(null, { status: answer.status })
}

/** The Events API request URL: JSON, signed the same way. */
export async function handleSlackEventRequest(request: Request, now = new Date()): Promise<Response> {
	const verified = await verifiedBody(request, now)
	if ('refusal' in verified) return verified.refusal
	let payload: unknown
	try {
		payload = JSON.parse(verified.body)
	} catch {
		return jsonError('INVALID', 'Expected a JSON event.')
	}
	const answer = await handleSlackEvent(payload)
	return answer ? json(answer) : new Response(null, { status: 200 })
}
