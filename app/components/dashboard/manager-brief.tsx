/**
 * For a manager: what to talk about with the team, from the figures the gate shows for their
 * subtree — the weakest dimensions now, what moved, the sub-team to look at, and why some groups
 * show nothing (so nobody reads a hidden team as a missing one).
 */
import { changeVerdict, isReal } from './change-verdict'
import { fmt, points, range, since } from './format'
import { hiddenLong } from './hidden'
import type { Report } from './types'

export function ManagerBrief({ report: r }: { report: Report }) {
	const a = r.attention
	const moved = r.changes.filter((c) => isReal(changeVerdict(c))).slice(0, 2)
	const hidden = r.heatmap.slice(1).filter((h) => !h.scores)
	const sinceWords = since(r.baseline, r.latest)
	return (
		<section className="card brief" aria-labelledby="brief">
			<h2 id="brief">What to talk about with {r.selected.label}</h2>
			{/* The brief's figures are over the latest weeks, not the whole period above: said here, so they are not read against the trend's (issue 17). */}
			<p className="small muted">
				Figures of the latest weeks, {range(r.latest)}
				{r.baseline ? `; changes against the baseline, ${range(r.baseline)}` : ''}.
			</p>
			<ul>
				{a.weakest.length ? (
					<li>
						<strong>Weakest now:</strong> {a.weakest.map((w) => `${w.label} (${fmt(w.score)})`).join(' and ')}. Ask the team what gets in the way, and agree one thing to change.
					</li>
				) : (
					<li>No dimension can be shown for the latest weeks yet: the team’s results appear once enough people have answered.</li>
				)}
				{moved.length ? (
					<li>
						<strong>What moved {sinceWords}:</strong> {moved.map((c) => `${c.label} ${c.delta > 0 ? 'up' : 'down'} ${points(c.delta)}`).join(', ')} — more than chance.{' '}
						{moved.some((c) => c.delta > 0) ? 'Ask what changed, so it sticks.' : 'Ask what changed before it sets in.'}
					</li>
				) : r.changes.length && r.changes.every((c) => c.verdict === 'too-few-clusters') ? (
					<li>
						<strong>What moved {sinceWords}:</strong> too few teams answer throughout to tell a change from chance. Talk about the weakest dimensions instead, and agree what you
						will watch.
					</li>
				) : r.changes.length ? (
					<li>
						<strong>What moved {sinceWords}:</strong> nothing more than chance would give. Steady is a result too; say which action you expect to move it.
					</li>
				) : null}
				{a.team ? (
					<li>
						<strong>Look at:</strong> {a.team.label}, culture index {fmt(a.team.culture)} ({Math.abs(Math.round(a.team.gap))} below the whole team)
						{a.team.weakest ? `, weakest on ${a.team.weakest.label.toLowerCase()}` : ''}.
					</li>
				) : null}
				{hidden.map((h) => (
					<li key={h.teamId}>
						<strong>{h.label}</strong> shows no figures ({hiddenLong(h.hiddenBecause, r.k)}). Its answers still count in {r.selected.label}’s figures; that protects who said what.
					</li>
				))}
			</ul>
		</section>
	)
}
