/**
 * Each served doc has a summary in every language (decision 0031), and they say the same things:
 * the same sections with the same anchors, links that land on a heading of the English reference,
 * nothing the pseudo-locale cannot mark (headings, paragraphs and lists only), and no anchor that
 * the page or the reference already uses.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'

import { describe, expect, test } from 'vitest'

import { SERVED, summaryFile } from '~/docs/docs.server'
import { headingId, parseMarkdown } from '~/docs/markdown'
import { pseudoMarkdown } from '~/docs/pseudo-markdown'
import { LOCALES } from '~/i18n/locales'

const docs = path.resolve(__dirname, '../../../docs')
const read = (...parts: string[]) => readFileSync(path.join(docs, ...parts), 'utf8')

/** The headings (level and anchor) and the in-page links of a summary. */
function outline(source: string) {
	const blocks = parseMarkdown(source)
	const headings = blocks.flatMap((b) => (b.kind === 'heading' ? [`h${b.level}#${b.id ?? '(no id)'}`] : []))
	const links = [...source.matchAll(/\]\(#([\w-]+)\)/g)].map((m) => m[1]!)
	return { blocks, headings, links }
}

for (const name of Object.keys(SERVED) as (keyof typeof SERVED)[]) {
	describe(`the summaries of ${SERVED[name]}`, () => {
		const reference = parseMarkdown(read(SERVED[name]))
		const referenceIds = new Set(reference.flatMap((b) => (b.kind === 'heading' ? [headingId(b.text)] : [])))
		const english = outline(read('i18n', summaryFile(name, 'en')))

		test('English: every heading has its own anchor, unused by the reference and the page; every link lands on a reference heading', () => {
			expect(english.headings.length).toBeGreaterThanOrEqual(2)
			expect(english.headings.filter((h) => h.endsWith('(no id)'))).toEqual([])
			const ids = english.headings.map((h) => h.split('#')[1]!)
			expect(new Set(ids).size).toBe(ids.length)
			expect(ids.filter((id) => referenceIds.has(id) || ['reference', 'contents'].includes(id))).toEqual([])
			expect(english.links.filter((id) => !referenceIds.has(id))).toEqual([])
		})

		for (const locale of LOCALES) {
			test(`${locale}: exists, with the English summary's sections and links, in headings, paragraphs and lists only`, () => {
				const own = outline(read('i18n', summaryFile(name, locale)))
				expect(own.headings).toEqual(english.headings)
				expect(own.links).toEqual(english.links)
				expect(own.blocks.filter((b) => !['heading', 'paragraph', 'list'].includes(b.kind))).toEqual([])
				// Written in its language: not the English text under another name.
				if (locale !== 'en') expect(read('i18n', summaryFile(name, locale))).not.toBe(read('i18n', summaryFile(name, 'en')))
			})
		}

		test('the pseudo-locale marks every word and keeps anchors, link targets and code', () => {
			const pseudo = pseudoMarkdown(read('i18n', summaryFile(name, 'en')))
			expect(outline(pseudo).headings).toEqual(english.headings)
			expect(outline(pseudo).links).toEqual(english.links)
			// What is left of each line without its ⟦…⟧, Markdown marks, anchors, link targets and code: no letter.
			const left = pseudo
				.replace(/⟦[^⟧]*⟧/g, '')
				.replace(/\{#[\w-]+\}|\]\([^)]*\)|`[^`]*`/g, '')
				.match(/[A-Za-z]+/g)
			expect(left).toBeNull()
		})
	})
}

test('the pseudo-locale of a line: marks, anchor, code and link target kept', () => {
	expect(pseudoMarkdown('## Read this {#figures}\n\n- **Bold** `k` and [§7](#7-anonymity-rules)\n  more')).toBe(
		'## ⟦Ŕéàð ţĥîš⟧ {#figures}\n\n- ⟦**Ɓöļð** `k` àñð [§7](#7-anonymity-rules)⟧\n  ⟦ɱöŕé⟧',
	)
})
