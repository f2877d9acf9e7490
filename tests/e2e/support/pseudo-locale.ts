/**
 * The pseudo-locale check of a page (`en-XA`: every catalogue text accented and wrapped in ⟦ ⟧).
 * A person or a browser set to it sees any text that did not come through a catalogue as plain
 * ASCII letters; `untranslated` lists those, each with what stands around it.
 */
import path from 'node:path'

import { PGlite } from '@electric-sql/pglite'
import type { Page } from 'playwright-core'

/**
 * What on the page is not from a catalogue: every visible text, accessible name and the title, with
 * the catalogue's ⟦…⟧ and the allowed data taken out. `english` selects elements that are English on
 * purpose and say so with their `lang` (a doc's full reference, decision 0031): their text is data,
 * and the caller checks that they are only what it expects.
 */
export async function untranslated(page: Page, data: string[], { english }: { english?: string } = {}): Promise<string[]> {
	const texts = await page.evaluate((english) => {
		const skipped = english ? Array.from(document.querySelectorAll<HTMLElement>(english)) : []
		// Hidden while the body's text is read (innerText leaves out what is not rendered), then shown again.
		const before = skipped.map((el) => el.style.display)
		for (const el of skipped) el.style.display = 'none'
		const out: string[] = [document.title, document.body.innerText]
		skipped.forEach((el, i) => (el.style.display = before[i]!))
		for (const el of Array.from(document.querySelectorAll('[aria-label], [title], [placeholder], [alt]'))) {
			if (english && el.closest(english)) continue
			for (const a of ['aria-label', 'title', 'placeholder', 'alt']) {
				const v = el.getAttribute(a)
				if (v) out.push(v)
			}
		}
		return out
	}, english)
	const found: string[] = []
	for (let text of texts) {
		// Innermost first: a catalogue text may hold another ({{closes}} inside "closes …").
		for (let before = ''; before !== text;) {
			before = text
			text = text.replace(/⟦[^⟦⟧]*⟧/g, ' ')
		}
		for (const d of [...data].sort((a, b) => b.length - a.length)) text = text.split(d).join(' ')
		text = text.replace(/[\w.+-]+@[\w.-]+/g, ' ')
		// Each stray word with what stands around it, so a failure says where it is.
		for (const m of text.matchAll(/[A-Za-z][A-Za-z' ]*[A-Za-z]|[A-Za-z]/g))
			found.push(`${m[0].trim()} (in “${text.slice(Math.max(0, m.index - 30), m.index + m[0].length + 30).replace(/\s+/g, ' ')}”)`)
	}
	return [...new Set(found)]
}

/** Sets people of the demo (by e-mail) to read the pseudo-locale: no screen offers it, it is for tests. Use as `prepare`. */
export async function setPseudoLocale(dataDir: string, emails: string[]) {
	const pg = new PGlite(path.join(dataDir, 'pgdata'))
	try {
		for (const email of emails) await pg.query(`update users set locale = 'en-XA' where email = $1`, [email])
	} finally {
		await pg.close()
	}
}
