/** What an action is made of, as forms and pages name it. Shared with the browser (no server code). */
import { ACTION_STATUSES, type ActionStatus } from '~db/enums'

export { ACTION_STATUSES, type ActionStatus }

export const STATUS_LABELS: Record<ActionStatus, string> = {
	planned: 'Planned',
	under_way: 'Under way',
	done: 'Done',
	dropped: 'Dropped',
}

/** Open actions are the ones a team is still waiting on. */
export const OPEN_STATUSES: readonly ActionStatus[] = ['planned', 'under_way']

export const MAX_TITLE = 200
export const MAX_THEME = 120
export const MAX_NOTE = 1000
