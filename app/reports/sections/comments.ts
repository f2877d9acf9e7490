/** The comments of the selected group: whole comment groups only, never one level, never part of a group. */
import type { SectionContext } from './context'

export async function commentsSection(c: SectionContext) {
	const r = await c.gate.comments(c.selected)
	return {
		allowed: r.items !== null,
		threshold: c.settings.commentK,
		/** How many comment groups (across the window's weeks) the list is the union of. */
		groups: r.items !== null ? r.groups : 0,
		reason: r.items === null ? r.reason : null,
		items: r.items,
	}
}
