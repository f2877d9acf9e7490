/**
 * Slack's request signature (docs: "Verifying requests from Slack"). The expected signature was
 * computed outside this code, with OpenSSL:
 *   printf 'v0:1764979200:payload=%7B%22type%22%3A%22block_actions%22%7D' | openssl dgst -sha256 -hmac 'slack-signing-secret'
 */
import { describe, expect, test } from 'vitest'

import { slackSignature, verifySlackRequest } from '~/channels/slack/signature'

const SECRET = 'slack-signing-secret'
const BODY = 'payload=%7B%22type%22%3A%22block_actions%22%7D'
const TS = '1764979200'
const OPENSSL = 'v0=b4064f142512cc172c72a2423b2ee783e2c708068f0867aa63f96edd3a70917f'
const AT = new Date(Number(TS) * 1000 + 30_000)

describe('Slack request signatures', () => {
	test('equal to an independent HMAC-SHA256 of v0:timestamp:body', () => {
		expect(slackSignature(SECRET, TS, BODY)).toBe(OPENSSL)
		expect(verifySlackRequest(SECRET, { signature: OPENSSL, timestamp: TS }, BODY, AT)).toEqual({ ok: true })
	})

	test('a changed body, timestamp or secret does not verify', () => {
		expect(verifySlackRequest(SECRET, { signature: OPENSSL, timestamp: TS }, BODY.replace('block', 'black'), AT)).toEqual({ ok: false, reason: 'mismatch' })
		expect(verifySlackRequest(SECRET, { signature: OPENSSL, timestamp: String(Number(TS) + 1) }, BODY, AT)).toEqual({ ok: false, reason: 'mismatch' })
		expect(verifySlackRequest('another-secret', { signature: OPENSSL, timestamp: TS }, BODY, AT)).toEqual({ ok: false, reason: 'mismatch' })
		expect(verifySlackRequest(SECRET, { signature: OPENSSL.toUpperCase(), timestamp: TS }, BODY, AT)).toEqual({ ok: false, reason: 'mismatch' })
		expect(verifySlackRequest(SECRET, { signature: OPENSSL.slice(0, -1), timestamp: TS }, BODY, AT)).toEqual({ ok: false, reason: 'mismatch' })
	})

	test('a replay more than five minutes later (or a clock five minutes ahead) is refused even with a good signature', () => {
		expect(verifySlackRequest(SECRET, { signature: OPENSSL, timestamp: TS }, BODY, new Date(Number(TS) * 1000 + 301_000))).toEqual({ ok: false, reason: 'stale' })
		expect(verifySlackRequest(SECRET, { signature: OPENSSL, timestamp: TS }, BODY, new Date(Number(TS) * 1000 - 301_000))).toEqual({ ok: false, reason: 'stale' })
		expect(verifySlackRequest(SECRET, { signature: OPENSSL, timestamp: TS }, BODY, new Date(Number(TS) * 1000 + 299_000))).toEqual({ ok: true })
	})

	test('missing headers or a timestamp that is not a number are refused', () => {
		expect(verifySlackRequest(SECRET, { signature: null, timestamp: TS }, BODY, AT)).toEqual({ ok: false, reason: 'missing' })
		expect(verifySlackRequest(SECRET, { signature: OPENSSL, timestamp: null }, BODY, AT)).toEqual({ ok: false, reason: 'missing' })
		expect(verifySlackRequest(SECRET, { signature: OPENSSL, timestamp: '1e9' }, BODY, AT)).toEqual({ ok: false, reason: 'missing' })
	})
})
