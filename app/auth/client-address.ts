/**
 * Client addresses as throttle keys. One client must be one key whatever its address looks like:
 * `::ffff:203.0.113.9` (IPv4 on a dual-stack socket) is `203.0.113.9`, IPv6 is lower-cased and
 * compressed, and IPv6 is keyed by its /64 — one subscriber usually holds a whole /64, and keying
 * single IPv6 addresses would give an attacker 2^64 fresh keys.
 */
import { isIPv4, isIPv6 } from 'node:net'

function ipv6Groups(address: string): number[] | null {
	let a = address
	// A dotted IPv4 tail (`::ffff:1.2.3.4`) is the last two groups.
	const lastColon = a.lastIndexOf(':')
	const last = a.slice(lastColon + 1)
	if (last.includes('.')) {
		if (!isIPv4(last)) return null
		const [p, q, r, s] = last.split('.').map(Number) as [number, number, number, number]
		a = `${a.slice(0, lastColon + 1)}${((p << 8) | q).toString(16)}:${((r << 8) | s).toString(16)}`
	}
	const halves = a.split('::')
	if (halves.length > 2) return null
	const parse = (part: string) => (part ? part.split(':').map((g) => (/^[0-9a-f]{1,4}$/.test(g) ? parseInt(g, 16) : NaN)) : [])
	const left = parse(halves[0]!)
	const right = halves.length === 2 ? parse(halves[1]!) : []
	const fill = 8 - left.length - right.length
	if (halves.length === 2 ? fill < 1 : fill !== 0) return null
	const groups = [...left, ...Array<number>(fill).fill(0), ...right]
	return groups.every((g) => !Number.isNaN(g)) ? groups : null
}

/** RFC 5952 text: lower case, leading zeros dropped, the longest run of 2+ zero groups as `::`. */
function formatIPv6(groups: number[]): string {
	let best = -1
	let bestLen = 1
	for (let i = 0; i < 8;) {
		if (groups[i] !== 0) {
			i++
			continue
		}
		let j = i
		while (j < 8 && groups[j] === 0) j++
		if (j - i > bestLen) {
			best = i
			bestLen = j - i
		}
		i = j
	}
	const hex = groups.map((g) => g.toString(16))
	if (best < 0) return hex.join(':')
	return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`
}

/** The throttle key for a client address, or undefined when there is none (or it is not an IP). */
export function addressKey(raw: string | undefined | null): string | undefined {
	if (!raw) return undefined
	let a = raw.trim().toLowerCase()
	if (a.startsWith('[') && a.endsWith(']')) a = a.slice(1, -1)
	const zone = a.indexOf('%')
	if (zone >= 0) a = a.slice(0, zone)
	if (isIPv4(a)) return a
	if (!isIPv6(a)) return undefined
	const g = ipv6Groups(a)
	if (!g) return undefined
	// IPv4-mapped (::ffff:a.b.c.d) is the IPv4 client itself.
	if (g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff) {
		return [g[6]! >> 8, g[6]! & 255, g[7]! >> 8, g[7]! & 255].join('.')
	}
	return `${formatIPv6([...g.slice(0, 4), 0, 0, 0, 0])}/64`
}
