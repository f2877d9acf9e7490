import { describe, expect, test } from 'vitest'

import { notServing } from '~/utils/not-serving'

describe('what the server answers while it cannot serve pages', () => {
	test('while starting, pages and the API say "starting" and never blame the database', () => {
		const page = notServing('starting', '/login')
		expect(page).toMatchObject({ status: 503, retryAfter: '5', type: 'html' })
		expect(page.body).toContain('<h1>Starting</h1>')
		expect(page.body).toContain('State of Now is starting')
		expect(page.body).not.toMatch(/unavailable|not answering/i)
		const api = notServing('starting', '/api/v1/events')
		expect(api.type).toBe('json')
		expect(JSON.parse(api.body)).toEqual({ error: 'The service is starting. Try again in a few seconds.' })
	})

	test('with the database down, they say the database is not answering', () => {
		const page = notServing('unavailable', '/dashboard')
		expect(page.body).toContain('<h1>Temporarily unavailable</h1>')
		expect(page.body).toContain('database is not answering')
		expect(page.body).not.toContain('starting')
		expect(JSON.parse(notServing('unavailable', '/api/v1/teams').body).error).toContain('the database is not answering')
	})
})
