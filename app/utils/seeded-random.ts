/**
 * mulberry32 on a string seed: small, fast, and the same sequence everywhere (the demo's story,
 * the sampled permutations of the correlation tests, and tests/oracle/stats_oracle.py, which
 * implements the same generator so that it checks the very same permutations).
 */
export function mulberry32(seed: string): () => number {
	let h = 1779033703 ^ seed.length
	for (let i = 0; i < seed.length; i++) {
		h = Math.imul(h ^ seed.charCodeAt(i), 3432918353)
		h = (h << 13) | (h >>> 19)
	}
	let a = h >>> 0
	return () => {
		a = (a + 0x6d2b79f5) | 0
		let t = Math.imul(a ^ (a >>> 15), 1 | a)
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296
	}
}
