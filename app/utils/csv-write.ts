import { safeCell } from './csv-safe'

/** RFC 4180 CSV with every cell made formula-safe. */
export function toCsv(header: string[], rows: (string | number | null | undefined)[][]): string {
	const cell = (v: string | number | null | undefined) => {
		const s = v === null || v === undefined ? '' : typeof v === 'number' ? String(v) : safeCell(v, Number.POSITIVE_INFINITY)
		return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
	}
	return [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n'
}
