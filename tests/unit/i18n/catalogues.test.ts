/**
 * The catalogues are complete and nothing in them is dead: every key of the English catalogue is
 * in all five languages with exactly the plural forms that language has (Intl.PluralRules), the
 * same placeholders and markup; no language has a key English lacks; every key the code asks
 * for exists, and every key is asked for somewhere.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'

import { describe, expect, it } from 'vitest'

import { LOCALES, NAMESPACES } from '~/i18n/locales'
import { type Messages, pseudoString } from '~/i18n/pseudo'
import { CATALOGUES } from '~/i18n/resources.server'
import { QUESTION_BANK } from '~/surveys/question-bank'

const PLURAL = /_(zero|one|two|few|many|other)$/

function flatten(messages: Messages, prefix = ''): Map<string, string> {
	const out = new Map<string, string>()
	for (const [k, v] of Object.entries(messages)) {
		const key = prefix ? `${prefix}.${k}` : k
		if (typeof v === 'string') out.set(key, v)
		else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv)
	}
	return out
}

/** base key → its plural forms (empty for a key without plurals) and the placeholders and tags its texts use. */
function shape(messages: Messages) {
	const out = new Map<string, { forms: Set<string>; placeholders: Set<string> }>()
	for (const [key, text] of flatten(messages)) {
		const form = key.match(PLURAL)?.[1]
		const base = form ? key.slice(0, -form.length - 1) : key
		const entry = out.get(base) ?? { forms: new Set<string>(), placeholders: new Set<string>() }
		if (form) entry.forms.add(form)
		for (const m of text.matchAll(/\{\{\s*([a-zA-Z]+)\s*\}\}|<\/?([a-zA-Z0-9]+)>/g)) entry.placeholders.add(m[1] ?? `<${m[2]}>`)
		out.set(base, entry)
	}
	return out
}

describe('every catalogue is complete', () => {
	for (const ns of NAMESPACES) {
		const english = shape(CATALOGUES.en[ns])
		for (const locale of LOCALES) {
			it(`${locale}/${ns}: the same keys as English, the plural forms of ${locale}, the same placeholders`, () => {
				const own = shape(CATALOGUES[locale][ns])
				expect([...own.keys()].sort()).toEqual([...english.keys()].sort())
				const categories = new Intl.PluralRules(locale).resolvedOptions().pluralCategories.slice().sort()
				const problems: string[] = []
				for (const [base, en] of english) {
					const mine = own.get(base)!
					if (en.forms.size && [...mine.forms].sort().join() !== categories.join()) problems.push(`${base}: forms ${[...mine.forms].sort().join()} (want ${categories.join()})`)
					if (!en.forms.size && mine.forms.size) problems.push(`${base}: plural forms where English has none`)
					// A plural form may leave the count out ("une minute"), but no text may invent or drop another placeholder.
					const want = [...en.placeholders].filter((p) => !en.forms.size || p !== 'count').sort()
					const have = [...mine.placeholders].filter((p) => !en.forms.size || p !== 'count').sort()
					if (want.join() !== have.join()) problems.push(`${base}: placeholders ${have.join()} (want ${want.join()})`)
				}
				expect(problems).toEqual([])
			})
		}
	}

	it('no text is empty or left in English where it should not be (spot check: the pulse button)', () => {
		for (const locale of LOCALES) for (const ns of NAMESPACES) for (const [key, text] of flatten(CATALOGUES[locale][ns])) expect(text.trim(), `${locale}/${ns}:${key}`).not.toBe('')
		const send = LOCALES.map((l) => (CATALOGUES[l].app.pulse as Messages).send)
		expect(new Set(send).size).toBe(LOCALES.length)
	})

	it('the question bank: one text per built-in item in every language, the English one the bank’s own', () => {
		const english = flatten(CATALOGUES.en.bank)
		expect([...english.keys()].sort()).toEqual(QUESTION_BANK.map((i) => i.key).sort())
		for (const item of QUESTION_BANK) expect(english.get(item.key)).toBe(item.text)
	})

	it('the pseudo-locale keeps placeholders and markup and marks everything else', () => {
		expect(pseudoString('Set a password for <strong>{{email}}</strong>.')).toBe('⟦Šéţ à þàššŵöŕð ƒöŕ <strong>{{email}}</strong>.⟧')
	})
})

function sources(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const file = path.join(dir, name)
		if (statSync(file).isDirectory()) return sources(file)
		return /\.(ts|tsx)$/.test(name) ? [file] : []
	})
}

describe('the code and the catalogues agree', () => {
	const code = sources(path.resolve(__dirname, '../../../app'))
		.map((f) => readFileSync(f, 'utf8'))
		.join('\n')
	// t('key'), fixedT(…)('key'), i18nKey="key", pageTitle(matches, 'key'), and the problem keys of problems.server.ts.
	const literal = new Set(
		[...code.matchAll(/(?:\bt|\))\(\s*'([a-zA-Z0-9_.]+)'|i18nKey="([a-zA-Z0-9_.]+)"|pageTitle\(matches, '([a-zA-Z0-9_.]+)'\)|'(problems\.[a-zA-Z]+)'/g)].map(
			(m) => m[1] ?? m[2] ?? m[3] ?? m[4]!,
		),
	)
	// t(`prefix.${…}`): every key under the prefix is in use.
	const prefixes = [...code.matchAll(/\bt\(\s*`([a-zA-Z0-9_.]+)\.\$\{/g)].map((m) => `${m[1]}.`)
	// Every namespace but the question bank's (its keys are the items' own, not in code).
	const keys = () => NAMESPACES.filter((ns) => ns !== 'bank').flatMap((ns) => [...shape(CATALOGUES.en[ns]).keys()])

	it('every key the code asks for is in the English catalogue', () => {
		const known = new Set(keys())
		expect([...literal].filter((k) => !known.has(k))).toEqual([])
	})

	it('every key of the catalogues is used', () => {
		const unused = keys().filter((k) => !literal.has(k) && !prefixes.some((p) => k.startsWith(p)))
		expect(unused).toEqual([])
	})
})
