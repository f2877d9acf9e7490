/**
 * Replay windows: where a provider signs a timestamp (Zendesk signs timestamp + body), a
 * delivery is refused when that time is more than the window away from now, in the past (a
 * captured delivery sent again) or the future (a forged clock), even with a right signature; and
 * moving the timestamp header to "now" breaks the signature, since the time is part of what is
 * signed. Within the window a replay is caught by the delivery's digest, which is kept longer than
 * any window.
 */
import { describe, expect, test } from 'vitest'

import { refusalText } from '~/connectors/provider'
import { DELIVERY_MEMORY_DAYS } from '~/connectors/receive.server'
import { providerFor, PROVIDERS } from '~/connectors/registry'

const SECRET = 'dGhpcyBpcyBhIHplbmRlc2sgc2lnbmluZyBzZWNyZXQ='
const BODY = JSON.stringify({ type: 'zen:event-type:ticket.created', detail: { id: '35436', created_at: '2026-11-30T09:12:00Z' } })
const NOW = Date.parse('2026-12-06T12:00:00Z')
const zendesk = providerFor('zendesk')!
const WINDOW = zendesk.replayWindowMs!

function verify(headers: Record<string, string>, now = NOW, body = BODY) {
	return zendesk.verify({ headers: new Headers(headers), body: Buffer.from(body), now }, [SECRET])
}

describe('replay window (Zendesk’s signed timestamp)', () => {
	test('is five minutes, and the delivery memory outlasts every provider’s window', () => {
		expect(WINDOW).toBe(5 * 60_000)
		for (const p of Object.values(PROVIDERS)) expect(p.replayWindowMs ?? 0).toBeLessThan(DELIVERY_MEMORY_DAYS * 86_400_000)
	})

	test('signed exactly at the edge of the window, either way: taken', () => {
		expect(verify(zendesk.sign(BODY, SECRET, NOW - WINDOW))).toEqual({ ok: true })
		expect(verify(zendesk.sign(BODY, SECRET, NOW + WINDOW))).toEqual({ ok: true })
	})

	test('a second beyond it, in the past or in the future: refused despite a right signature', () => {
		for (const at of [NOW - WINDOW - 1000, NOW + WINDOW + 1000, NOW - 86_400_000]) {
			const answer = verify(zendesk.sign(BODY, SECRET, at))
			expect(answer.ok).toBe(false)
			expect(!answer.ok && answer.refusal).toEqual({ code: 'timestampOutsideWindow', minutes: 5 })
			expect(!answer.ok && refusalText(answer.refusal)).toContain('more than 5 minutes away from now')
		}
	})

	test('an old delivery with its timestamp header moved to now: the signature no longer matches', () => {
		const captured = zendesk.sign(BODY, SECRET, NOW - 3_600_000)
		const replayed = { ...captured, 'X-Zendesk-Webhook-Signature-Timestamp': new Date(NOW).toISOString().replace(/\.\d{3}Z$/, 'Z') }
		const answer = verify(replayed)
		expect(answer.ok).toBe(false)
		expect(!answer.ok && answer.refusal).toEqual({ code: 'signatureMismatch' })
	})

	test('a timestamp that is not a time, or none: refused', () => {
		const signed = zendesk.sign(BODY, SECRET, NOW)
		expect(verify({ ...signed, 'X-Zendesk-Webhook-Signature-Timestamp': 'yesterday' }).ok).toBe(false)
		expect(verify({ 'X-Zendesk-Webhook-Signature': signed['X-Zendesk-Webhook-Signature']! }).ok).toBe(false)
	})
})
