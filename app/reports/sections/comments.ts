/** The comments of the selected group: whole comment groups only, never one level, never part of a group. */
import { type CommentTheme, commentTheme, THEME_LABELS } from './comment-themes'
import type { SectionContext } from './context'

export async function commentsSection(c: SectionContext) {
	const r = await c.gate.comments(c.selected)
	// "New": what the latest released week of the window adds, which is exactly what a view of
	// that week alone shows (its groups are decided on their own), so it tells nothing more.
	const lastReleased = [...c.weeks].reverse().find((w) => c.gate.released(w)) ?? null
	const latest = r.items !== null && lastReleased && c.weeks.length > 1 ? await c.gate.comments(c.selected, [lastReleased]) : null
	const fresh = new Set(latest?.items ?? [])
	const tagged = (r.items ?? []).map((text) => ({ text, theme: commentTheme(text), fresh: fresh.has(text) }))
	const themes = [...new Set(tagged.map((t) => t.theme))]
		.map((theme: CommentTheme) => ({ theme, label: THEME_LABELS[theme], count: tagged.filter((t) => t.theme === theme).length }))
		.sort((a, b) => (a.theme === 'other' ? 1 : 0) - (b.theme === 'other' ? 1 : 0) || b.count - a.count || a.label.localeCompare(b.label))
	return {
		allowed: r.items !== null,
		threshold: c.settings.commentK,
		/** How many comment groups (across the window's weeks) the list is the union of. */
		groups: r.items !== null ? r.groups : 0,
		reason: r.items === null ? r.reason : null,
		items: r.items,
		/** The same comments with their theme (from their words only) and whether the latest released week brought them. */
		tagged,
		themes,
		/** The week whose comments count as new (null when the window has one week or none is released). */
		newSince: latest?.items ? lastReleased : null,
	}
}
