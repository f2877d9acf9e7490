/**
 * A docs summary in the pseudo-locale (`en-XA`), made from the English one as the catalogues' is:
 * each line's words accented and in ⟦ ⟧, with what is not wording kept — the Markdown marks that
 * start a line (`## `, `- `, `1. `), a heading's `{#id}`, `code` and a link's target. A summary is
 * headings, paragraphs and lists only (a test says so), so this is all it needs.
 */
import { accented, PSEUDO_CLOSE, PSEUDO_OPEN } from '~/i18n/pseudo'

const KEEP = /(`[^`]*`|\]\([^)\s]*\))/

const words = (text: string) =>
	text
		.split(KEEP)
		.map((part, i) => (i % 2 === 1 ? part : accented(part)))
		.join('')

export function pseudoMarkdown(source: string): string {
	return source
		.split('\n')
		.map((line) => {
			if (!line.trim()) return line
			const [, start, text, id] = line.match(/^(\s*(?:#{1,6} |[-*] |\d+\. )?)(.*?)(\s*\{#[\w-]+\})?$/)!
			return `${start}${PSEUDO_OPEN}${words(text!)}${PSEUDO_CLOSE}${id ?? ''}`
		})
		.join('\n')
}
