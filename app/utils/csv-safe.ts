/**
 * A cell value that is safe to show or write back: never starts a spreadsheet formula
 * (= + - @, tab, carriage return, per OWASP "CSV injection") and never runs long.
 */
export function safeCell(value: string, max = 60): string {
	let v = value.length > max ? `${value.slice(0, max)}…` : value
	if (/^[=+\-@\t\r]/.test(v)) v = `'${v}`
	return v
}
