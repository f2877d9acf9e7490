import { describe, expect, it } from 'vitest'

import { invariantResponse, isUuid, requireId } from '~/utils/http'

/** Runs fn and returns what it threw, failing the test if it threw nothing. */
function thrown(fn: () => unknown): unknown {
	try {
		fn()
	} catch (e) {
		return e
	}
	throw new Error('expected a throw')
}

describe('requireId', () => {
	it('returns a uuid from the URL, lower-cased', () => {
		expect(requireId('0b6f3c2e-9a41-4d1b-8c2a-5e7f9a0b1c2d')).toBe('0b6f3c2e-9a41-4d1b-8c2a-5e7f9a0b1c2d')
		expect(requireId('0B6F3C2E-9A41-4D1B-8C2A-5E7F9A0B1C2D')).toBe('0b6f3c2e-9a41-4d1b-8c2a-5e7f9a0b1c2d')
	})

	it('answers 404 Not found for anything not shaped like a uuid', async () => {
		const bad = [
			undefined,
			'',
			'123',
			'not-a-uuid',
			'0b6f3c2e9a414d1b8c2a5e7f9a0b1c2d',
			'0b6f3c2e-9a41-4d1b-8c2a-5e7f9a0b1c2',
			'0b6f3c2e-9a41-4d1b-8c2a-5e7f9a0b1c2d0',
			' 0b6f3c2e-9a41-4d1b-8c2a-5e7f9a0b1c2d',
			'0b6f3c2e-9a41-4d1b-8c2a-5e7f9a0b1c2d\n',
			'zb6f3c2e-9a41-4d1b-8c2a-5e7f9a0b1c2d',
			"0b6f3c2e-9a41-4d1b-8c2a-5e7f9a0b1c2d' or 1=1--",
		]
		for (const value of bad) {
			const e = thrown(() => requireId(value))
			expect(e, String(value)).toBeInstanceOf(Response)
			const res = e as Response
			expect(res.status).toBe(404)
			expect(await res.text()).toBe('Not found')
		}
	})
})

describe('isUuid', () => {
	it('is true only for uuid strings', () => {
		expect(isUuid('0B6F3C2E-9A41-4D1B-8C2A-5E7F9A0B1C2D')).toBe(true)
		expect(isUuid('0b6f3c2e-9a41-4d1b-8c2a')).toBe(false)
		expect(isUuid(42)).toBe(false)
		expect(isUuid(null)).toBe(false)
	})
})

describe('invariantResponse', () => {
	it('does nothing when the condition holds', () => {
		expect(() => invariantResponse({ id: 1 })).not.toThrow()
		expect(() => invariantResponse('x')).not.toThrow()
		expect(() => invariantResponse(1)).not.toThrow()
	})

	it('throws a 404 Not found by default for a falsy condition', async () => {
		for (const falsy of [null, undefined, false, 0, '']) {
			const res = thrown(() => invariantResponse(falsy)) as Response
			expect(res).toBeInstanceOf(Response)
			expect(res.status).toBe(404)
			expect(await res.text()).toBe('Not found')
		}
	})

	it('uses the given message and code', async () => {
		const res = thrown(() => invariantResponse(false, 'You cannot see this survey.', 'FORBIDDEN')) as Response
		expect(res.status).toBe(403)
		expect(await res.text()).toBe('You cannot see this survey.')
	})

	it('keeps the 404 when only headers are given, and accepts any characters in the message', async () => {
		const res = thrown(() => invariantResponse(false, 'Introuvable… 見つかりません', undefined, { 'X-Test': '1' })) as Response
		expect(res.status).toBe(404)
		expect(res.headers.get('X-Test')).toBe('1')
		expect(await res.text()).toBe('Introuvable… 見つかりません')
	})
})
