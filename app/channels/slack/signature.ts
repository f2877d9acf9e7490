/**
 * Slack signs every request it sends (docs: "Verifying requests from Slack"): the header
 * `X-Slack-Signature` is `v0=` + hex HMAC-SHA256, keyed with the app's signing secret, of
 * `v0:<X-Slack-Request-Timestamp>:<raw body>`. The raw body is what is signed, so this runs before
 * anything parses it; a timestamp more than five minutes from our clock is refused, so a captured
 * request cannot be replayed later.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'

export const SLACK_MAX_SKEW_SECONDS = 300

export type SlackVerdict = { ok: true } | { ok: false; reason: 'missing' | 'stale' | 'mismatch' }

export function slackSignature(signingSecret: string, timestamp: string, rawBody: string): string {
	return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`
}

export function verifySlackRequest(signingSecret: string, headers: { signature: string | null; timestamp: string | null }, rawBody: string, now = new Date()): SlackVerdict {
	const { signature, timestamp } = headers
	if (!signature || !timestamp || !/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'missing' }
	if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > SLACK_MAX_SKEW_SECONDS) return { ok: false, reason: 'stale' }
	const expected = Buffer.from(slackSignature(signingSecret, timestamp, rawBody))
	const given = Buffer.from(signature)
	return expected.length === given.length && timingSafeEqual(expected, given) ? { ok: true } : { ok: false, reason: 'mismatch' }
}
