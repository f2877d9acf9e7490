/** What every section builder of the mindset report is given: the gate and the window's parts. */
import type { Gate } from '../gate.server'
import type { ReportSettings } from '../settings.server'

export interface SectionContext {
	gate: Gate
	settings: ReportSettings
	/** The selected group (a team with its sub-teams, or the root). */
	selected: string
	weeks: string[]
	baseline: string[]
	latest: string[]
}
