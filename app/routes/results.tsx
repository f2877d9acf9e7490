import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { DateTime } from 'luxon'

import { requireUser } from '~/auth/guard.server'
import { leads, reachesEveryTeam } from '~/auth/roles'
import { ActionCard } from '~/components/actions/action-card'
import { PageHead, TableScroll } from '~/components/page'
import { teamResults } from '~/results/team-results.server'
import { invariantResponse, isUuid } from '~/utils/http'

export const meta: MetaFunction = () => [{ title: 'Team results · State of Now' }]

export async function loader({ request }: LoaderFunctionArgs) {
	const { user } = await requireUser(request)
	const team = new URL(request.url).searchParams.get('team') || null
	// Another team's id (or anything that is not an id) answers 404: the same as a team that does not exist.
	invariantResponse(team === null || isUuid(team), 'Not found')
	const results = await teamResults(user, team?.toLowerCase() ?? null)
	invariantResponse(results, 'Not found')
	return { r: results, role: user.role, mayAct: leads(user.role) }
}

const fmt = (x: number | null | undefined) => (x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(0))
const day = (iso: string) => DateTime.fromISO(iso).toFormat('d LLL yyyy')
const short = (iso: string) => DateTime.fromISO(iso).toFormat('d LLL')

function Change({ now, then, against }: { now: number | null; then: number | null; against: string }) {
	if (now === null || then === null) return null
	const d = Math.round(now) - Math.round(then)
	const cls = d > 0 ? 'delta delta-up' : d < 0 ? 'delta delta-down' : 'delta'
	return (
		<span className={cls}>
			{d > 0 ? `+${d}` : d < 0 ? `−${Math.abs(d)}` : '±0'} <span className="muted">{against}</span>
		</span>
	)
}

function hiddenText(reason: string | null, k: number) {
	return reason === 'protects-others'
		? 'hidden so that a smaller group cannot be worked out from it'
		: reason === 'no-answers'
			? 'nobody answered'
			: reason === 'pending'
				? 'results after the pulse closes'
				: `fewer than ${k} people answered`
}

export default function Results() {
	const { r, mayAct, role } = useLoaderData<typeof loader>()
	if (!r.latestWeek)
		return (
			<>
				<PageHead title="Team results">{r.requested.label}</PageHead>
				<div className="card empty">
					<strong>No results to show yet</strong>
					<p>Results appear here once a pulse has closed and its results are shared with teams.</p>
				</div>
			</>
		)
	const k = r.k
	return (
		<div className="results">
			<PageHead title="Team results">
				Week of {day(r.latestWeek)}
				{r.previousWeek ? ` · compared with the week of ${day(r.previousWeek)}` : ''}
			</PageHead>
			{r.picker.length > 1 ? (
				<Form method="get" className="filters" aria-label="Choose a team">
					<div className="field">
						<label htmlFor="team">Team</label>
						<select id="team" name="team" defaultValue={r.requested.id === 'org' ? '' : r.requested.id}>
							{reachesEveryTeam(role) ? <option value="">Whole organisation</option> : null}
							{r.picker.map((t) => (
								<option key={t.id} value={t.id}>
									{t.label}
								</option>
							))}
						</select>
					</div>
					<button type="submit" className="button button-secondary">
						Show
					</button>
				</Form>
			) : null}

			{r.group && !r.group.isRequested ? (
				<p className="alert alert-info" role="status">
					{r.requested.label}: {hiddenText(r.requestedHidden, k)} this week, so you see <strong>{r.group.label}</strong>, the nearest group whose results may be shown.
				</p>
			) : null}

			<section className="card results-headline" aria-labelledby="index">
				<h2 id="index">{r.group ? r.group.label : r.requested.label}</h2>
				{r.now ? (
					<>
						<p className="headline-figure">
							<strong>{fmt(r.now.rtmi)}</strong> <span className="muted">/ 100 Real-Time Mindset Index</span>
						</p>
						<p className="results-changes">
							<Change now={r.now.rtmi} then={r.now.previousRtmi} against="on the week before" />
							{r.group?.id !== 'org' ? <Change now={r.now.rtmi} then={r.now.organisationRtmi} against="against the organisation" /> : null}
						</p>
						<p className="small muted">
							{r.now.answered === null
								? `${r.now.invited} invited`
								: `${r.now.answered} of ${r.now.invited} answered (${fmt((r.now.answered / Math.max(1, r.now.invited)) * 100)}%)`}
							{r.organisation && r.group?.id !== 'org' ? ` · organisation ${fmt(r.organisation.rtmi)}` : ''}
						</p>
					</>
				) : (
					<p className="muted">This week's results are hidden for every group you can see: fewer than {k} people answered in each, or showing them would reveal a smaller group.</p>
				)}
			</section>

			{r.strongest.length ? (
				<div className="grid-2">
					<section className="card" aria-labelledby="strongest">
						<h2 id="strongest">Strongest</h2>
						<ul className="dim-pills">
							{r.strongest.map((d) => (
								<li key={d.key}>
									<strong>{fmt(d.score)}</strong> {d.label}
								</li>
							))}
						</ul>
					</section>
					<section className="card" aria-labelledby="weakest">
						<h2 id="weakest">Weakest</h2>
						<ul className="dim-pills">
							{r.weakest.map((d) => (
								<li key={d.key}>
									<strong>{fmt(d.score)}</strong> {d.label}
									{mayAct && r.requested.id !== 'org' ? (
										<>
											{' '}
											<Link className="small" to={`/actions?${new URLSearchParams({ team: r.requested.id, dimension: d.key })}`} aria-label={`Plan an action on ${d.label}`}>
												Plan an action
											</Link>
										</>
									) : null}
								</li>
							))}
						</ul>
					</section>
				</div>
			) : null}

			{r.now ? (
				<section className="card" aria-labelledby="dimensions">
					<h2 id="dimensions">Each dimension</h2>
					<p className="small muted">Scores 0–100; higher is better for every dimension.</p>
					<ul className="dim-list">
						{r.dimensions.map((d) => (
							<li key={d.key}>
								<div className="dim-head">
									<span>{d.label}</span>
									<strong>{fmt(d.score)}</strong>
								</div>
								<span className="bar" aria-hidden="true">
									<span className="bar-fill" style={{ width: `${Math.max(0, Math.min(100, d.score ?? 0))}%` }} />
									{d.organisation !== null && r.group?.id !== 'org' ? <span className="bar-mark" style={{ left: `${Math.max(0, Math.min(100, d.organisation))}%` }} /> : null}
								</span>
								<span className="small results-changes">
									<Change now={d.score} then={d.previous} against="on the week before" />
									{r.group?.id !== 'org' ? <Change now={d.score} then={d.organisation} against="against the organisation" /> : null}
								</span>
							</li>
						))}
					</ul>
					{r.group?.id !== 'org' ? <p className="small muted">The mark on each bar is the organisation's score.</p> : null}
				</section>
			) : null}

			<section className="card" aria-labelledby="trend">
				<h2 id="trend">Trend</h2>
				<p className="small muted">
					The Real-Time Mindset Index of {r.group ? r.group.label : r.requested.label} and of the whole organisation (Org.), week by week, newest first: the weeks whose results are
					shared with teams.
				</p>
				<TableScroll label="Week by week">
					<table className="trend-table">
						<thead>
							<tr>
								<th scope="col">Week of</th>
								<th scope="col" className="num">
									Index
								</th>
								<th scope="col" className="num">
									Org.
								</th>
							</tr>
						</thead>
						<tbody>
							{[...r.trend].reverse().map((t) => (
								<tr key={t.week}>
									<th scope="row">{short(t.week)}</th>
									{t.hiddenBecause ? (
										<td className="muted num">{hiddenText(t.hiddenBecause, k)}</td>
									) : (
										<td className="num">
											<span className="trend-bar" aria-hidden="true" style={{ width: `${Math.max(0, Math.min(100, t.rtmi ?? 0)) * 0.6}px` }} /> {fmt(t.rtmi)}
										</td>
									)}
									<td className="num">{fmt(t.organisationRtmi)}</td>
								</tr>
							))}
						</tbody>
					</table>
				</TableScroll>
			</section>

			<section className="card" aria-labelledby="said-did">
				<h2 id="said-did">You said, we did</h2>
				{r.actions.length ? (
					<ul className="action-list">
						{r.actions.map((a) => (
							<li key={a.id}>
								<ActionCard action={a} link={mayAct ? `/actions/${a.id}` : null} />
							</li>
						))}
					</ul>
				) : (
					<p className="muted">No action is planned for this team yet.</p>
				)}
				{mayAct ? (
					<p>
						<Link className="button button-secondary" to={`/actions?team=${r.requested.id === 'org' ? '' : r.requested.id}`}>
							Plan an action
						</Link>
					</p>
				) : null}
			</section>

			<section className="card" aria-labelledby="comments">
				<h2 id="comments">In their own words</h2>
				{r.comments.items ? (
					r.comments.items.length ? (
						<ul className="comments">
							{r.comments.items.map((c, i) => (
								<li key={i}>{c}</li>
							))}
						</ul>
					) : (
						<p className="muted">Nobody left a comment this week.</p>
					)
				) : (
					<p className="muted">
						Comments are shown only for a group in which at least {r.comments.threshold} people answered (and from which no smaller group can be worked out); this week there is no
						such group here.
					</p>
				)}
			</section>
			<p className="small muted">
				No result is shown for a group of fewer than {k} people, and nothing here tells anyone who answered what. Leaders see the same figures on their dashboard.
			</p>
		</div>
	)
}
