/**
 * The project's docs as a deployed server has them: read from docs/ under the working folder (where
 * `npm start` runs). Each served doc is a full reference in English and a short summary per
 * language, `docs/i18n/<doc>.summary.<locale>.md` (decision 0031).
 */
import fs from 'node:fs/promises'
import path from 'node:path'

import { DEFAULT_LOCALE, PSEUDO_LOCALE, type RenderLocale } from '~/i18n/locales'

import { pseudoMarkdown } from './pseudo-markdown'

export const SERVED = { api: 'api.md', method: 'METHOD.md' } as const
export type DocName = keyof typeof SERVED

async function read(...parts: string[]): Promise<string | null> {
	try {
		return await fs.readFile(path.join(process.cwd(), 'docs', ...parts), 'utf8')
	} catch {
		return null
	}
}

export function readDoc(name: DocName): Promise<string | null> {
	return read(SERVED[name])
}

/** The summary's file name: `METHOD.summary.de.md` for the method in German. */
export const summaryFile = (name: DocName, locale: string) => `${SERVED[name].replace(/\.md$/, '')}.summary.${locale}.md`

export interface Summary {
	source: string
	/** True when the reader's language has no summary and the English one stands in (the page marks it `lang="en"`). */
	english: boolean
}

/** The summary in the reader's language: the pseudo-locale's is made from the English one, a missing one falls back to English. */
export async function readSummary(name: DocName, locale: RenderLocale): Promise<Summary | null> {
	if (locale === PSEUDO_LOCALE) {
		const english = await read('i18n', summaryFile(name, DEFAULT_LOCALE))
		return english === null ? null : { source: pseudoMarkdown(english), english: false }
	}
	const own = await read('i18n', summaryFile(name, locale))
	if (own !== null) return { source: own, english: false }
	const english = await read('i18n', summaryFile(name, DEFAULT_LOCALE))
	return english === null ? null : { source: english, english: true }
}
