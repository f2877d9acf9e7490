import { describe, expect, it } from 'vitest'

import { cycles, importGraph } from '../../support/imports'

describe('mail/ is a leaf pipeline', () => {
	const graph = importGraph()

	it('finds the imports it walks (the graph is not empty by mistake)', () => {
		expect(graph.get('app/auth/password-links.server.ts')).toContain('app/mail/outbox.server.ts')
		expect(graph.get('app/notifications/mail.server.ts')).toContain('app/pulses/pulse-mail.server.ts')
	})

	it('no module of app/mail/ is part of an import cycle', () => {
		const throughMail = cycles(graph).filter((c) => c.some((m) => m.startsWith('app/mail/')))
		expect(throughMail).toEqual([])
	})

	it('imports nothing of the modules that own message kinds, only shared utilities, the catalogues and the schema', () => {
		const allowed = [/^app\/mail\//, /^app\/utils\//, /^app\/i18n\//, /^db\//]
		const outside = [...graph]
			.filter(([m]) => m.startsWith('app/mail/'))
			.flatMap(([m, targets]) => targets.filter((t) => !allowed.some((a) => a.test(t))).map((t) => `${m} -> ${t}`))
		expect(outside).toEqual([])
	})

	it('the cycle detector does find a circle when there is one', () => {
		const g = new Map([
			['a', ['b']],
			['b', ['c']],
			['c', ['a']],
			['d', ['a']],
		])
		expect(cycles(g)).toEqual([['a', 'b', 'c']])
	})
})
