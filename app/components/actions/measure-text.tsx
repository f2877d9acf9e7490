/** An action's measured effect in words: before → since, the change with its interval, or why there is none yet. */
import type { ActionMeasure } from '~/actions/measure-action.server'

const r0 = (x: number | null) => (x === null ? '—' : Math.round(x).toString())
const signed = (x: number) => (Math.round(x) > 0 ? `+${Math.round(x)}` : Math.round(x) < 0 ? `−${Math.abs(Math.round(x))}` : '±0')
const weeks = (n: number) => `${n} ${n === 1 ? 'week' : 'weeks'}`

export const VERDICT_TEXT = { up: 'moved up', down: 'moved down', unclear: 'no clear change yet', 'too-few-clusters': 'too few weeks yet' } as const

export function MeasureText({ m, k }: { m: ActionMeasure; k?: number }) {
	if (m.state === 'hidden')
		return (
			<span className="muted">
				{m.label}: not shown — this team’s figures are hidden in these weeks (fewer than {k ?? 'k'} people answered, or to protect a smaller group).
			</span>
		)
	if (m.state === 'too-few-weeks')
		return (
			<span className="muted">
				{m.label}: too few weeks yet ({weeks(m.before.weeks.length)} before, {weeks(m.since.weeks.length)} since; at least 2 of each and 5 in all).
			</span>
		)
	const c = m.change
	return (
		<span>
			{m.label}: {r0(m.before.mean)} before ({weeks(m.before.weeks.length)}) → {r0(m.since.mean)} since ({weeks(m.since.weeks.length)}):{' '}
			<strong className={c.verdict === 'up' ? 'delta-up' : c.verdict === 'down' ? 'delta-down' : undefined}>
				{c.delta === null ? '' : `${signed(c.delta)} points`}
				{c.interval ? ` (likely between ${signed(c.interval.low)} and ${signed(c.interval.high)})` : ''}, {VERDICT_TEXT[c.verdict]}
			</strong>
		</span>
	)
}
