/** The reply keys this browser keeps (localStorage), for the home page and /replies. */
const STORAGE = 'son.replyKeys'
// When each key was kept (a separate entry, so lists kept before it still read): a comment is
// only found by its key once its week's results are released, and until then the page says so.
const KEPT_ON = 'son.replyKeysKeptOn'
// `r_`, the organisation's id and a dot (keys minted before it had none), 32 token characters.
const SHAPE = /^r_(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.)?[abcdefghijkmnpqrstuvwxyz23456789]{32}$/

export const isReplyKey = (value: string) => SHAPE.test(value)

export function keptReplyKeys(): string[] {
	try {
		const raw = JSON.parse(window.localStorage.getItem(STORAGE) ?? '[]') as unknown
		return Array.isArray(raw) ? raw.filter((k): k is string => typeof k === 'string' && isReplyKey(k)) : []
	} catch {
		return []
	}
}

/** Keeps a key; false when the browser refuses storage (private mode, full). */
export function keepReplyKey(key: string): boolean {
	if (!isReplyKey(key)) return false
	try {
		const keys = keptReplyKeys()
		if (!keys.includes(key)) {
			window.localStorage.setItem(STORAGE, JSON.stringify([...keys, key]))
			window.localStorage.setItem(KEPT_ON, JSON.stringify({ ...keptOnAll(), [key]: Date.now() }))
		}
		return true
	} catch {
		return false
	}
}

function keptOnAll(): Record<string, number> {
	try {
		const raw = JSON.parse(window.localStorage.getItem(KEPT_ON) ?? '{}') as unknown
		return raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, number>) : {}
	} catch {
		return {}
	}
}

/** When this browser kept the key (milliseconds), or null for a key kept before that was noted. */
export function replyKeyKeptOn(key: string): number | null {
	const at = keptOnAll()[key]
	return typeof at === 'number' && Number.isFinite(at) ? at : null
}

export function forgetReplyKey(key: string) {
	try {
		window.localStorage.setItem(STORAGE, JSON.stringify(keptReplyKeys().filter((k) => k !== key)))
		const { [key]: _forgotten, ...rest } = keptOnAll()
		window.localStorage.setItem(KEPT_ON, JSON.stringify(rest))
	} catch {
		// Nothing kept, nothing to forget.
	}
}
