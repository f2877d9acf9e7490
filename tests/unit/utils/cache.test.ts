/** The one cache module: keys carry the organisation, each organisation is bounded, forgetting one leaves the others. */
import { describe, expect, it } from 'vitest'

import { forgetOrganisation, sharedCache, tenantCache } from '~/utils/cache.server'

describe('an organisation cache', () => {
	it('keeps at most its bound per organisation, dropping the least recently used', () => {
		const c = tenantCache<string>({ name: 'test: bound', perTenant: 3, max: 100 })
		for (const k of ['a', 'b', 'c']) c.set('org-a', k, k.toUpperCase())
		expect(c.get('org-a', 'a')).toBe('A') // a is now the most recently used
		c.set('org-a', 'd', 'D')
		c.set('org-a', 'e', 'E')
		expect(c.size('org-a')).toBe(3)
		expect(['a', 'b', 'c', 'd', 'e'].map((k) => c.get('org-a', k) ?? null)).toEqual(['A', null, null, 'D', 'E'])
	})

	it('one busy organisation does not push out another’s entries', () => {
		const c = tenantCache<number>({ name: 'test: neighbours', perTenant: 5, max: 100 })
		c.set('org-b', 'week', 42)
		for (let i = 0; i < 50; i++) c.set('org-a', `w${i}`, i)
		expect(c.size('org-a')).toBe(5)
		expect(c.get('org-b', 'week')).toBe(42)
	})

	it('the same key in two organisations is two entries', () => {
		const c = tenantCache<string>({ name: 'test: keys', perTenant: 5 })
		c.set('org-a', '2026-03-02', 'figures of A')
		c.set('org-b', '2026-03-02', 'figures of B')
		expect(c.get('org-a', '2026-03-02')).toBe('figures of A')
		expect(c.get('org-b', '2026-03-02')).toBe('figures of B')
		expect(c.get('org-c', '2026-03-02')).toBeUndefined()
	})

	it('forgetting an organisation leaves every other one’s entries', () => {
		const c = tenantCache<string>({ name: 'test: forget', perTenant: 5 })
		c.set('org-a', 'x', 'A')
		c.set('org-a', 'y', 'A')
		c.set('org-b', 'x', 'B')
		c.forget('org-a')
		expect(c.size('org-a')).toBe(0)
		expect(c.get('org-a', 'x')).toBeUndefined()
		expect(c.get('org-b', 'x')).toBe('B')
		// It keeps working for the organisation forgotten.
		c.set('org-a', 'x', 'A again')
		expect(c.get('org-a', 'x')).toBe('A again')
	})

	it('a value set again under its key stays counted once and is the new one', () => {
		const c = tenantCache<string>({ name: 'test: replace', perTenant: 2 })
		c.set('org-a', 'x', 'old')
		c.set('org-a', 'x', 'new')
		c.set('org-a', 'y', 'Y')
		expect(c.size('org-a')).toBe(2)
		expect(c.get('org-a', 'x')).toBe('new')
	})

	it('the whole cache is bounded too, and its evictions keep the counts right', () => {
		const c = tenantCache<number>({ name: 'test: total', perTenant: 10, max: 12 })
		for (let org = 0; org < 6; org++) for (let i = 0; i < 4; i++) c.set(`org-${org}`, `k${i}`, i)
		const total = [0, 1, 2, 3, 4, 5].reduce((n, org) => n + c.size(`org-${org}`), 0)
		expect(total).toBe(12)
		expect(c.size('org-0')).toBe(0) // the least recently used organisations went first
		expect(c.size('org-5')).toBe(4)
	})

	it('forgetOrganisation clears that organisation from every cache', () => {
		const a = tenantCache<string>({ name: 'test: all a', perTenant: 5 })
		const b = tenantCache<string>({ name: 'test: all b', perTenant: 5 })
		a.set('org-x', 'k', 'a')
		b.set('org-x', 'k', 'b')
		b.set('org-y', 'k', 'b')
		forgetOrganisation('org-x')
		expect([a.get('org-x', 'k'), b.get('org-x', 'k'), b.get('org-y', 'k')]).toEqual([undefined, undefined, 'b'])
	})
})

describe('a shared cache', () => {
	it('is bounded', () => {
		const c = sharedCache<number, string>({ name: 'test: shared', max: 2 })
		c.set(1, 'one')
		c.set(2, 'two')
		c.set(3, 'three')
		expect([c.get(1), c.get(2), c.get(3)]).toEqual([undefined, 'two', 'three'])
	})
})
