/** The reply keys this browser keeps (localStorage), for the home page and /replies. */
const STORAGE = 'son.replyKeys'
const SHAPE = /^r_[abcdefghijkmnpqrstuvwxyz23456789]{32}$/

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
		if (!keys.includes(key)) window.localStorage.setItem(STORAGE, JSON.stringify([...keys, key]))
		return true
	} catch {
		return false
	}
}

export function forgetReplyKey(key: string) {
	try {
		window.localStorage.setItem(STORAGE, JSON.stringify(keptReplyKeys().filter((k) => k !== key)))
	} catch {
		// Nothing kept, nothing to forget.
	}
}
