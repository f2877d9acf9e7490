import { isIPv4, isIPv6 } from 'node:net'

/**
 * A client address as an admin reads it: an IPv4 client on a dual-stack socket arrives as
 * `::ffff:203.0.113.7` and is shown (and stored) as `203.0.113.7`; IPv6 in lower case; anything
 * that is not an address is kept as it came (trimmed), never dropped.
 */
export function displayAddress(raw: string | null | undefined): string | null {
	const a = raw?.trim()
	if (!a) return null
	const mapped = /^(?:::|(?:0{1,4}:){5})ffff:(.+)$/i.exec(a)?.[1]
	if (mapped && isIPv4(mapped)) return mapped
	// The same mapping written in hex: ::ffff:cb00:7107.
	const hex = mapped && /^([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(mapped)
	if (hex) {
		const [hi, lo] = [parseInt(hex[1]!, 16), parseInt(hex[2]!, 16)]
		return [hi >> 8, hi & 255, lo >> 8, lo & 255].join('.')
	}
	if (isIPv6(a)) return a.toLowerCase()
	return a
}
