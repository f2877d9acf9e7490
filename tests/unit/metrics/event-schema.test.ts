import { describe, expect, test } from 'vitest'

import { checkEvent, SeenIds } from '~/metrics/event-schema.server'

const ctx = { teams: new Map([['Marketing/Social', 'team-1']]), now: Date.parse('2026-03-10T12:00:00Z') }

describe('checkEvent', () => {
	test('normalises what it keeps: team path spacing, channel case, times in UTC', () => {
		const r = checkEvent(
			{ id: ' x ', type: 'customer_response', team: ' Marketing / Social ', startedAt: '2026-03-02T10:00:00+01:00', endedAt: '2026-03-02T09:20:00.5Z', channel: ' Twitter ' },
			ctx,
		)
		expect(r).toEqual({
			ok: true,
			event: {
				id: ' x ',
				type: 'customer_response',
				teamId: 'team-1',
				startedAt: '2026-03-02T09:00:00.000Z',
				endedAt: '2026-03-02T09:20:00.500Z',
				channel: 'twitter',
				approvals: null,
				outcome: null,
			},
		})
	})

	test('a few minutes of clock skew are allowed, more is "in the future"', () => {
		const base = { id: 'a', type: 'approval', team: 'Marketing/Social' }
		expect(checkEvent({ ...base, startedAt: '2026-03-10T12:04:00Z' }, ctx).ok).toBe(true)
		expect(checkEvent({ ...base, startedAt: '2026-03-10T12:06:00Z' }, ctx)).toEqual({
			ok: false,
			problems: [{ field: 'startedAt', message: '"2026-03-10T12:06:00Z" is in the future.' }],
		})
	})

	test('an endedAt equal to startedAt is an immediate answer, not an error', () => {
		expect(checkEvent({ id: 'a', type: 'customer_response', team: 'Marketing/Social', startedAt: '2026-03-02T09:00:00Z', endedAt: '2026-03-02T10:00:00+01:00' }, ctx).ok).toBe(true)
	})

	test('type errors name what was expected', () => {
		const r = checkEvent({ id: 5, type: null, team: ['x'], startedAt: '2026-03-02T09:00:00Z', approvals: '2', channel: 3 }, ctx)
		expect(r).toEqual({
			ok: false,
			problems: [
				{ field: 'id', message: 'Expected the id as text.' },
				{ field: 'type', message: 'Unknown type null: use customer_response or approval.' },
				{ field: 'team', message: 'Expected the team path as text, e.g. Marketing/Social.' },
				{ field: 'channel', message: 'Expected the channel as text.' },
				{ field: 'approvals', message: 'Expected a whole number of sign-offs, at least 1.' },
			],
		})
	})
})

describe('SeenIds', () => {
	test('reports the first position of a repeated id', () => {
		const seen = new SeenIds()
		expect(seen.check('a', 2)).toBeUndefined()
		expect(seen.check('b', 3)).toBeUndefined()
		expect(seen.check('a', 9)).toBe(2)
		expect(seen.check(undefined, 10)).toBeUndefined()
	})
})
