/**
 * The pseudo-locale: every catalogue string accented and wrapped in ⟦ ⟧, with its placeholders
 * (`{{name}}`), nesting (`$t(…)`) and markup (`<1>…</1>`) left intact. A page rendered in it is
 * still readable, and any text that did not come through a catalogue stands out as plain ASCII.
 */
const ACCENTS: Record<string, string> = {
	a: 'à',
	b: 'ƀ',
	c: 'ç',
	d: 'ð',
	e: 'é',
	f: 'ƒ',
	g: 'ĝ',
	h: 'ĥ',
	i: 'î',
	j: 'ĵ',
	k: 'ķ',
	l: 'ļ',
	m: 'ɱ',
	n: 'ñ',
	o: 'ö',
	p: 'þ',
	q: 'ǫ',
	r: 'ŕ',
	s: 'š',
	t: 'ţ',
	u: 'û',
	v: 'ṽ',
	w: 'ŵ',
	x: 'ẋ',
	y: 'ý',
	z: 'ž',
	A: 'À',
	B: 'Ɓ',
	C: 'Ç',
	D: 'Ð',
	E: 'É',
	F: 'Ƒ',
	G: 'Ĝ',
	H: 'Ĥ',
	I: 'Î',
	J: 'Ĵ',
	K: 'Ķ',
	L: 'Ļ',
	M: 'Ṁ',
	N: 'Ñ',
	O: 'Ö',
	P: 'Þ',
	Q: 'Ǫ',
	R: 'Ŕ',
	S: 'Š',
	T: 'Ţ',
	U: 'Û',
	V: 'Ṽ',
	W: 'Ŵ',
	X: 'Ẋ',
	Y: 'Ý',
	Z: 'Ž',
}

export const PSEUDO_OPEN = '⟦'
export const PSEUDO_CLOSE = '⟧'

// What must stay as it is: placeholders, nesting, numbered or named markup.
const KEEP = /(\{\{[^}]*\}\}|\$t\([^)]*\)|<\/?[a-zA-Z0-9]+\s*\/?>)/g

/** Every ASCII letter accented: the pseudo-locale's letters, without the brackets. */
export function accented(text: string): string {
	return text.replace(/[a-zA-Z]/g, (c) => ACCENTS[c] ?? c)
}

export function pseudoString(text: string): string {
	const parts = text.split(KEEP)
	return `${PSEUDO_OPEN}${parts.map((part, i) => (i % 2 === 1 ? part : accented(part))).join('')}${PSEUDO_CLOSE}`
}

export type Messages = { [key: string]: string | Messages }

export function pseudoMessages(messages: Messages): Messages {
	return Object.fromEntries(Object.entries(messages).map(([k, v]) => [k, typeof v === 'string' ? pseudoString(v) : pseudoMessages(v)]))
}
