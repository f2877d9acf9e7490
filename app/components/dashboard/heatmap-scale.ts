/**
 * The heatmap's diverging scale: a team's score against the group it belongs to (the first row),
 * in seven steps (each named by a key under `heatmap.steps.` in the catalogue). Orange below, blue above (apart for colour-blind readers), pale enough that the
 * dark number printed in every cell keeps a contrast of at least 4.5:1 (WCAG AA).
 */
export const STEPS = [
	{ fill: '#f4a582', key: 'below10' },
	{ fill: '#f9cdb0', key: 'below5' },
	{ fill: '#fde8da', key: 'below2' },
	{ fill: '#f3f4f6', key: 'within1' },
	{ fill: '#dde9f5', key: 'above2' },
	{ fill: '#b7d3ec', key: 'above5' },
	{ fill: '#86b6df', key: 'above10' },
] as const

export const CELL_INK = '#1c2530'

/** The step of a difference in points (score − reference). */
export function stepOf(diff: number) {
	const d = Math.round(diff)
	if (d <= -10) return 0
	if (d <= -5) return 1
	if (d <= -2) return 2
	if (d < 2) return 3
	if (d < 5) return 4
	if (d < 10) return 5
	return 6
}

/** WCAG relative luminance and contrast ratio of two #rrggbb colours. */
export function contrast(a: string, b: string) {
	const lum = (hex: string) => {
		const [r, g, bl] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4))
		return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!
	}
	const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x)
	return (hi! + 0.05) / (lo! + 0.05)
}
