/** What should we do: the team below this group with the lowest index, and what is weakest in it. */
import { FIRST_STEP } from './first-steps'
import { fmt, signed, since } from './format'
import type { Report } from './types'

export function Attention({ report: r, query }: { report: Report; query: { from: string; to: string; level: string } }) {
	const a = r.attention
	const link = (teamId: string) => `?${new URLSearchParams({ from: query.from, to: query.to, team: teamId, ...(query.level ? { level: query.level } : {}) })}`
	return (
		<section className="card summary-tile" aria-labelledby="attention">
			<h2 id="attention">Needs attention</h2>
			{a.team ? (
				<div data-testid="attention-item">
					<p className="attention-team">
						<a href={link(a.team.teamId)}>{a.team.label}</a>
					</p>
					<p className="small">
						Culture index {fmt(a.team.culture)}, {Math.abs(Math.round(a.team.gap))} below {r.selected.label === 'Whole organisation' ? 'the organisation' : r.selected.label}
						{a.team.change !== null ? ` (${signed(a.team.change)} ${since(r.baseline, r.latest)})` : ''}.
						{a.team.weakest ? (
							<>
								{' '}
								Weakest: <strong>{a.team.weakest.label}</strong> ({fmt(a.team.weakest.score)}).
							</>
						) : null}
					</p>
					{a.team.weakest ? <p className="first-step">First step: {FIRST_STEP[a.team.weakest.key]}.</p> : null}
				</div>
			) : a.weakest.length ? (
				<div data-testid="attention-item">
					<p className="small">No team below {r.selected.label} stands out. Weakest here now:</p>
					<p>
						<strong>{a.weakest[0]!.label}</strong> ({fmt(a.weakest[0]!.score)})
					</p>
					<p className="first-step">First step: {FIRST_STEP[a.weakest[0]!.key]}.</p>
				</div>
			) : (
				<p className="muted small">Nothing to compare for this group and period.</p>
			)}
		</section>
	)
}
