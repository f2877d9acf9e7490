/** What the survey builder page needs to render, shared by "new" and "edit". */
import { listTeams } from '~/org/teams.server'

import { listItems } from './items.server'
import { orgTimeZone } from './surveys.server'

export async function builderData(orgId: string) {
	const [bank, teams, org] = await Promise.all([listItems(orgId), listTeams(orgId), orgTimeZone(orgId)])
	return {
		bank: bank.map((b) => ({ id: b.id, key: b.key, dimension: b.dimension, kind: b.kind, text: b.text, reverse: b.reverse, custom: !b.key })),
		teams: teams.map((t) => ({ id: t.id, path: t.path, depth: t.depth })),
		timeZone: org.timeZone,
		defaultK: org.anonymityK,
	}
}

/** The builder form as submitted: arrays for the multi-value fields. */
export interface BuilderForm {
	fields: Partial<Record<string, string>>
	itemIds: string[]
	teamIds: string[]
}

export function builderForm(form: FormData): BuilderForm {
	const fields: Record<string, string> = {}
	for (const [k, v] of form) if (typeof v === 'string' && k !== 'itemIds' && k !== 'teamIds') fields[k] = v
	return { fields, itemIds: form.getAll('itemIds').map(String), teamIds: form.getAll('teamIds').map(String) }
}

/** The form as the survey module reads it. */
export const surveyInput = (f: BuilderForm) => ({ ...f.fields, itemIds: f.itemIds, teamIds: f.teamIds })
