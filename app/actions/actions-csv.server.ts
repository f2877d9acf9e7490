/** Actions as CSV (formula-safe cells): what will change, for whom, by when, and what it did to its dimension. */
import { toCsv } from '~/utils/csv-write'

import type { MeasuredAction } from './list-measured-actions.server'

const r1 = (x: number | null | undefined) => (x === null || x === undefined ? '' : Math.round(x * 10) / 10)

/** Column names are for scripts (docs/api.md names them), so they stay the same in every language. */
export function actionsCsv(list: MeasuredAction[]): string {
	return toCsv(
		[
			'id',
			'team',
			'dimension',
			'theme',
			'what_will_change',
			'owner',
			'started_on',
			'due_on',
			'status',
			'updates',
			'last_update',
			'measured',
			'before_mean',
			'before_weeks',
			'since_mean',
			'since_weeks',
			'delta',
			'ci_low',
			'ci_high',
			'verdict',
			'team_change',
			'other_teams_change',
			'other_teams',
		],
		list.map((a) => [
			a.id,
			a.teamPath,
			a.dimension,
			a.theme,
			a.title,
			a.ownerName,
			a.startedOn,
			a.dueOn,
			a.status,
			a.updates.length,
			a.updates.at(-1) ? `${a.updates.at(-1)!.on}: ${a.updates.at(-1)!.note}` : '',
			a.measure.metric,
			r1(a.measure.before.mean),
			a.measure.before.weeks.length,
			r1(a.measure.since.mean),
			a.measure.since.weeks.length,
			r1(a.measure.change.delta),
			r1(a.measure.change.interval?.low),
			r1(a.measure.change.interval?.high),
			a.measure.state === 'hidden' || a.measure.state === 'too-few-teams' ? a.measure.state : a.measure.change.verdict,
			r1(a.measure.change.own),
			r1(a.measure.change.controlsMean),
			a.measure.change.controls,
		]),
	)
}
