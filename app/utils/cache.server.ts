/**
 * The one cache module: every value a process keeps between requests is kept here (the
 * architecture test fails on a module-level Map used as a cache anywhere else).
 *
 * - `tenantCache`: an organisation's data. Every key carries its organisation; each organisation
 *   holds at most `perTenant` entries (its least recently used go first), so one busy
 *   organisation cannot push another's entries out before the whole cache is full (`max`), and
 *   `forget(orgId)` drops one organisation's entries and nothing else (a release of org A leaves
 *   org B's kept weeks).
 * - `sharedCache`: values that are no organisation's data (a permutation plan for a number of
 *   teams, the wave a link's public tag points to), bounded by `max`.
 *
 * Both are `lru-cache` underneath, with an optional time to live.
 */
import { LRUCache } from 'lru-cache'

export interface TenantCache<V> {
	get(orgId: string, key: string): V | undefined
	set(orgId: string, key: string, value: V): void
	/** Drops one organisation's entries, and only those. */
	forget(orgId: string): void
	/** How many entries one organisation has kept. */
	size(orgId: string): number
	/** Drops everything (tests). */
	clear(): void
}

export interface TenantCacheOptions {
	/** What is kept, for the reader (and the list of caches). */
	name: string
	/** The most entries one organisation keeps. */
	perTenant: number
	/** The most entries across organisations (defaults to 50 organisations' worth). */
	max?: number
	/** How long an entry stays, when it can go stale behind this process's back. */
	ttlMs?: number
}

const tenantCaches: { name: string; cache: TenantCache<unknown> }[] = []

// A key is the organisation's id, a separator no id contains, and the key within it.
const SEPARATOR = '\u0000'

export function tenantCache<V extends NonNullable<unknown>>(options: TenantCacheOptions): TenantCache<V> {
	// Per organisation: its keys, least recently used first.
	const byOrg = new Map<string, Map<string, true>>()
	const entries = new LRUCache<string, V>({
		max: options.max ?? options.perTenant * 50,
		...(options.ttlMs ? { ttl: options.ttlMs } : {}),
		dispose: (_value, full, reason) => {
			// A value replaced under the same key stays in its organisation's list.
			if (reason === 'set') return
			const at = full.indexOf(SEPARATOR)
			const orgId = full.slice(0, at)
			const keys = byOrg.get(orgId)
			keys?.delete(full.slice(at + 1))
			if (keys && !keys.size) byOrg.delete(orgId)
		},
	})
	const fullKey = (orgId: string, key: string) => `${orgId}${SEPARATOR}${key}`
	const cache: TenantCache<V> = {
		get(orgId, key) {
			const value = entries.get(fullKey(orgId, key))
			const keys = byOrg.get(orgId)
			if (value !== undefined && keys) {
				keys.delete(key)
				keys.set(key, true)
			}
			return value
		},
		set(orgId, key, value) {
			let keys = byOrg.get(orgId)
			if (!keys) byOrg.set(orgId, (keys = new Map()))
			keys.delete(key)
			keys.set(key, true)
			entries.set(fullKey(orgId, key), value)
			while (keys.size > options.perTenant) {
				const oldest = keys.keys().next().value!
				keys.delete(oldest)
				entries.delete(fullKey(orgId, oldest))
			}
		},
		forget(orgId) {
			for (const key of [...(byOrg.get(orgId)?.keys() ?? [])]) entries.delete(fullKey(orgId, key))
			byOrg.delete(orgId)
		},
		size(orgId) {
			// An entry past its time to live counts until it is next looked at.
			return byOrg.get(orgId)?.size ?? 0
		},
		clear() {
			entries.clear()
			byOrg.clear()
		},
	}
	tenantCaches.push({ name: options.name, cache: cache as TenantCache<unknown> })
	return cache
}

/** Drops one organisation's entries from every cache (when its data changed behind them all). */
export function forgetOrganisation(orgId: string) {
	for (const { cache } of tenantCaches) cache.forget(orgId)
}

/** The names of the organisation caches, for the reader and the tests. */
export function tenantCacheNames(): string[] {
	return tenantCaches.map((c) => c.name)
}

export interface SharedCache<K, V> {
	get(key: K): V | undefined
	set(key: K, value: V): void
	clear(): void
}

/** A bounded cache of values that belong to no organisation. */
export function sharedCache<K extends NonNullable<unknown>, V extends NonNullable<unknown>>(options: { name: string; max: number; ttlMs?: number }): SharedCache<K, V> {
	const entries = new LRUCache<K, V>({ max: options.max, ...(options.ttlMs ? { ttl: options.ttlMs } : {}) })
	return {
		get: (key) => entries.get(key),
		set: (key, value) => void entries.set(key, value),
		clear: () => entries.clear(),
	}
}
