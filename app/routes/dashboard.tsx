import { data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { DateTime } from 'luxon'
import { useState } from 'react'

import { requireUser } from '~/auth/guard.server'
import { ScatterChart, TrendChart } from '~/components/charts.client'
import { PageHead, TableScroll } from '~/components/page'
import { levelLabels } from '~/org/person-schema'
import { teamLabel } from '~/org/team-path'
import { isReportDate } from '~/reports/dates'
import { reportFromParams } from '~/reports/mindset-query.server'
import { useHydrated } from '~/utils/use-hydrated'
import { levels } from '~db/enums'

export const meta: MetaFunction = () => [{ title: 'Real-time mindset · State of Now' }]

export async function loader({ request }: LoaderFunctionArgs) {
	const { user, org } = await requireUser(request, ['executive', 'admin', 'manager'])
	const params = new URL(request.url).searchParams
	// Managers see their own team and what is below it, and nothing else.
	const scope = user.role === 'manager' ? user.teamId : null
	if (user.role === 'manager' && !scope) throw data('Your account has no team, so there is no team to report on. Ask your admin to set your team.', { status: 403 })
	// First view: the last 26 full weeks.
	const givenTo = params.get('to')
	const to = givenTo && isReportDate(givenTo) ? givenTo : DateTime.now().setZone(org.timeZone).minus({ weeks: 1 }).endOf('week').toISODate()!
	const result = await reportFromParams(org.id, params, scope, { to, from: DateTime.fromISO(to).minus({ weeks: 25 }).startOf('week').toISODate()! })
	if (!result.ok) throw data(result.errors.map((e) => e.message).join(' '), { status: result.status })
	const { report } = result
	const query = {
		from: params.get('from') || report.from,
		to: params.get('to') || report.to,
		// The team select is keyed by id: a team given as a path (Care/Returns) shows as selected too.
		// A manager's report starts at their team: it is the first option, not a blank one named like it.
		team: params.get('team') ? report.selected.id : (scope ?? ''),
		level: report.level ?? '',
	}
	return { report, role: user.role, query }
}

const fmt = (x: number | null | undefined, digits = 0) => (x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(digits))
const signed = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(0)}`
const day = (iso: string) => DateTime.fromISO(iso).toFormat('d LLL yyyy')
const duration = (minutes: number | null) => (minutes === null ? '—' : minutes >= 120 ? `${(minutes / 60).toFixed(1)} h` : `${Math.round(minutes)} min`)

/** A colour from red (0) through amber to green (100); the number is always printed too. */
function heat(score: number | null) {
	if (score === null) return undefined
	const hue = Math.round((Math.max(0, Math.min(100, score)) / 100) * 120)
	return `hsl(${hue} 60% 85%)`
}

export default function Dashboard() {
	const { report: r, query, role } = useLoaderData<typeof loader>()
	const hydrated = useHydrated()
	const h = r.headline
	return (
		<>
			<PageHead title="Real-time mindset">
				{r.selected.label}
				{r.level ? ` · ${levelLabels[r.level].toLowerCase()} level only` : ''} · {day(r.from)} – {day(r.to)} · groups under {r.k} respondents are never shown
			</PageHead>
			<Form method="get" className="filters" aria-label="Filters">
				<div className="field">
					<label htmlFor="from">From</label>
					<input id="from" name="from" type="date" defaultValue={query.from} />
				</div>
				<div className="field">
					<label htmlFor="to">To</label>
					<input id="to" name="to" type="date" defaultValue={query.to} />
				</div>
				<div className="field">
					<label htmlFor="team">Team (with its sub-teams)</label>
					<select id="team" name="team" defaultValue={query.team}>
						{role === 'manager' ? null : <option value="">Whole organisation</option>}
						{r.teams.map((t) => (
							<option key={t.id} value={t.id}>
								{teamLabel(t.path)}
							</option>
						))}
					</select>
				</div>
				<div className="field">
					<label htmlFor="level">Level</label>
					<select id="level" name="level" defaultValue={query.level}>
						<option value="">Everyone</option>
						{levels.map((l) => (
							<option key={l} value={l}>
								{levelLabels[l]}
							</option>
						))}
					</select>
				</div>
				<button type="submit" className="button button-secondary">
					Show
				</button>
				<a
					className="button button-quiet"
					href={`/dashboard/export?${new URLSearchParams({ from: r.from, to: r.to, ...(query.team ? { team: query.team } : {}), ...(query.level ? { level: query.level } : {}) })}`}
					download
				>
					Export CSV
				</a>
			</Form>

			{r.recomputing ? (
				<p className="alert alert-info" role="status">
					New weights are being applied to the culture index (this takes a minute or so). Until that is done, the culture index and its trend may mix the old and new weights; the
					dimension scores are not affected.
				</p>
			) : null}
			<section className="card headline" aria-labelledby="headline">
				<h2 id="headline">Real-Time Mindset Index</h2>
				{h.suppressed ? (
					<p className="muted">
						{h.hiddenBecause === 'protects-others'
							? `This group's figures for the baseline or the latest weeks are hidden: shown, they would let the answers of a group under ${r.k} respondents be worked out from the other figures.`
							: h.hiddenBecause === 'no-answers'
								? 'Nobody in this group answered in the baseline or in the latest weeks of this period, so there is no index to compare yet.'
								: h.hiddenBecause === 'no-baseline'
									? 'The baseline set in the report settings is not in this period, so there is no change to show: widen the period to include it.'
									: h.hiddenBecause === 'pending'
										? 'The latest results are not released yet: a week’s results appear once all of its pulses have closed.'
										: `Fewer than ${r.k} people answered in the baseline or the latest weeks of this group, so its index is not shown.`}
					</p>
				) : (
					<>
						<p className="headline-figure">
							<strong>{fmt(h.rtmi)}</strong> <span className="muted">/ 100</span>
						</p>
						<p>
							{h.baseline !== null && h.delta !== null ? (
								<>
									From <strong>{fmt(h.baseline)}</strong> in the baseline ({r.baseline ? `${day(r.baseline.from)} – ${day(r.baseline.to)}` : ''}) to <strong>{fmt(h.rtmi)}</strong>{' '}
									in the latest weeks ({day(r.latest.from)} – {day(r.latest.to)}): <strong>{signed(h.delta)} points</strong>
									{h.ci ? `, 95% CI ±${fmt(h.ci.half)} on the culture part` : ''}
									{h.effectSize !== null ? `, effect size d = ${fmt(h.effectSize, 2)}` : ''}.
								</>
							) : (
								'Not enough data for a comparison with the baseline.'
							)}
						</p>
						{h.shareOfWay !== null ? (
							<p>
								<span className="progress-track" aria-hidden="true">
									<span className="progress-fill" style={{ width: `${Math.max(0, Math.min(100, h.shareOfWay * 100))}%` }} />
								</span>{' '}
								{fmt(h.shareOfWay * 100)}% of the way from the baseline to the target of {h.target}.
							</p>
						) : null}
						<p className="small muted">
							Median first reply {duration(h.operational.latest.firstResponseMinutes)} (target {h.operational.targets.firstResponseMinutes} min) · median approval{' '}
							{h.operational.latest.approvalCycleHours === null ? '—' : `${fmt(h.operational.latest.approvalCycleHours, 1)} h`} (target {h.operational.targets.approvalCycleHours}{' '}
							h) · {h.n.latest} responses in the latest weeks, {h.n.baseline} in the baseline.
						</p>
					</>
				)}
			</section>

			{r.findings.length ? (
				<section className="card" aria-labelledby="findings">
					<h2 id="findings">What the data says</h2>
					<ul>
						{r.findings.map((f) => (
							<li key={f}>{f}</li>
						))}
					</ul>
				</section>
			) : null}

			<section className="card" aria-labelledby="trend">
				<h2 id="trend">Trend by week</h2>
				{r.trend.every((t) => t.culture === null) ? <p className="muted">No week of this period can be shown for this group: see the table for why.</p> : null}
				<div className="chart-box" hidden={r.trend.every((t) => t.culture === null)}>
					{hydrated ? (
						<TrendChart
							labels={r.trend.map((t) => DateTime.fromISO(t.week).toFormat('d LLL'))}
							series={[
								{ label: 'RTMI', data: r.trend.map((t) => t.rtmi), bold: true },
								{ label: 'Culture index', data: r.trend.map((t) => t.culture), bold: true },
								...r.dimensions.map((d) => ({ label: d.label, data: r.trend.map((t) => t.dimensions[d.key] ?? null) })),
							]}
						/>
					) : null}
				</div>
				<div className="chart-box chart-box-small" hidden={r.trend.every((t) => t.culture === null)}>
					{hydrated ? (
						<TrendChart
							labels={r.trend.map((t) => DateTime.fromISO(t.week).toFormat('d LLL'))}
							series={[
								{
									label: 'Participation (% of those invited who answered)',
									data: r.trend.map((t) => (t.invited && t.answered !== null ? (t.answered / t.invited) * 100 : null)),
									bold: true,
								},
							]}
							yTitle="% answered"
						/>
					) : null}
				</div>
				<details>
					<summary>The same as a table</summary>
					<div className="table-wrap">
						<table>
							<caption className="sr-only">Scores by week, 0–100</caption>
							<thead>
								<tr>
									<th scope="col">Week of</th>
									<th scope="col" className="num">
										RTMI
									</th>
									<th scope="col" className="num">
										Culture
									</th>
									{r.dimensions.map((d) => (
										<th key={d.key} scope="col" className="num">
											{d.label}
										</th>
									))}
									<th scope="col" className="num">
										Participation
									</th>
								</tr>
							</thead>
							<tbody>
								{r.trend.map((t) => (
									<tr key={t.week}>
										<th scope="row">{day(t.week)}</th>
										{t.hiddenBecause ? (
											<td colSpan={r.dimensions.length + 2} className={t.suppressed ? 'suppressed' : 'muted'}>
												{t.hiddenBecause === 'protects-others'
													? `hidden to protect a smaller group (it could be worked out from this one)`
													: t.hiddenBecause === 'pending'
														? 'results after the pulse closes'
														: t.hiddenBecause === 'no-answers'
															? 'no answers'
															: `hidden: fewer than ${r.k} respondents`}
											</td>
										) : (
											<>
												<td className="num">{fmt(t.rtmi)}</td>
												<td className="num">{fmt(t.culture)}</td>
												{r.dimensions.map((d) => (
													<td key={d.key} className="num">
														{fmt(t.dimensions[d.key])}
													</td>
												))}
											</>
										)}
										<td className="num">
											{t.invited ? (t.answered === null ? `— of ${t.invited}` : `${t.answered} of ${t.invited} (${fmt((t.answered / t.invited) * 100)}%)`) : '—'}
										</td>
									</tr>
								))}
							</tbody>
						</table>
					</div>
				</details>
			</section>

			<section className="card" aria-labelledby="heatmap">
				<h2 id="heatmap">Teams by dimension</h2>
				<p className="small muted">
					Scores 0–100 over the whole period, with % favourable (4–5) under each. “Hidden: under {r.k}” means fewer than {r.k} people answered in every week of the period; “hidden
					†” means the group is large enough but is hidden so that a smaller group could not be worked out by subtracting it from the figures shown. A week in which a group is
					hidden is left out of its period figures.
					{r.level ? ' Response times belong to teams, not levels, so they are the same for every level.' : ''}
				</p>
				<TableScroll label="Table of teams by dimension">
					<table className="heatmap">
						<thead>
							<tr>
								<th scope="col">Team</th>
								{r.dimensions.map((d) => (
									<th key={d.key} scope="col" className="num">
										{d.label}
									</th>
								))}
							</tr>
						</thead>
						<tbody>
							{r.heatmap.map((row) => (
								<tr key={row.teamId}>
									<th scope="row">
										{row.label}
										{row.weeksHidden ? (
											<span className="small muted">
												{' '}
												({row.weeksHidden} {row.weeksHidden === 1 ? 'week' : 'weeks'} left out)
											</span>
										) : null}
									</th>
									{row.scores
										? r.dimensions.map(({ key: d }) => (
												<td key={d} className="num" style={{ background: heat(row.scores![d] ?? null) }}>
													<strong>{fmt(row.scores![d])}</strong>
													<span className="small"> {row.favourable?.[d] === null || row.favourable?.[d] === undefined ? '' : `${fmt(row.favourable[d])}%`}</span>
												</td>
											))
										: r.dimensions.map(({ key: d }) => (
												<td key={d} className={row.empty ? 'muted' : 'suppressed'}>
													{row.empty
														? 'no answers'
														: row.hiddenBecause === 'protects-others'
															? 'hidden †'
															: row.hiddenBecause === 'pending'
																? 'not released yet'
																: `hidden: under ${r.k}`}
												</td>
											))}
								</tr>
							))}
						</tbody>
					</table>
				</TableScroll>
			</section>

			<div className="grid-2">
				<section className="card" aria-labelledby="enps">
					<h2 id="enps">eNPS, latest weeks</h2>
					{r.enps ? (
						<>
							<p className="headline-figure">
								<strong>{r.enps.value === null ? '—' : signed(r.enps.value)}</strong>
							</p>
							<p className="small muted">
								{r.enps.promoters} promoters (9–10), {r.enps.detractors} detractors (0–6) of {r.enps.n} answers.
							</p>
						</>
					) : (
						<p className="muted">Not shown: no eNPS answers, or fewer than {r.k} respondents.</p>
					)}
				</section>
				<section className="card" aria-labelledby="lags">
					<h2 id="lags">Culture ↔ first response time</h2>
					<p className="small muted">
						Spearman ρ between each dimension and the weekly median first reply, over team-weeks; lag L pairs a week's score with the reply time L weeks later. Negative: higher
						score, faster replies.
					</p>
					<TableScroll label="Table of correlations by lag">
						<table>
							<thead>
								<tr>
									<th scope="col">Dimension</th>
									{[0, 1, 2, 3, 4].map((l) => (
										<th key={l} scope="col" className="num">
											lag {l}
										</th>
									))}
								</tr>
							</thead>
							<tbody>
								{r.correlations.map((c) => (
									<tr key={c.dimension}>
										<th scope="row">{c.label}</th>
										{c.lags.map((l) => (
											<td key={l.lag} className="num" title={`n = ${l.n}${'p' in l ? `, p = ${l.p.toFixed(3)}` : ''}`}>
												{l.rho === null ? '—' : `${l.rho.toFixed(2)}${'p' in l && l.p < 0.05 ? ' *' : ''}`}
											</td>
										))}
									</tr>
								))}
							</tbody>
						</table>
					</TableScroll>
					<p className="small muted">* p &lt; 0.05</p>
				</section>
			</div>

			<section className="card" aria-labelledby="comments">
				<h2 id="comments">In their own words</h2>
				{r.comments.allowed && r.comments.items ? (
					r.comments.items.length ? (
						<>
							<p className="small muted">
								Comments from the whole period, each shown with the smallest team of at least {r.comments.threshold} respondents around its author, in an order that says nothing
								about who wrote them or when.
							</p>
							<ul className="comments">
								{r.comments.items.map((c, i) => (
									<li key={i}>{c}</li>
								))}
							</ul>
						</>
					) : (
						<p className="muted">Nobody left a comment in this period.</p>
					)
				) : (
					<p className="muted">
						{r.comments.reason === 'level'
							? 'Comments are shown for whole teams, never for one level: choose “Everyone” to read them.'
							: r.comments.reason === 'pending'
								? 'Comments appear with the results, once the week’s pulses have closed.'
								: `Each comment is shown with the smallest team around its author in which at least ${r.comments.threshold} people answered that week (and from which no smaller group can be worked out); this selection holds no such group.`}
					</p>
				)}
			</section>

			<section className="card" aria-labelledby="scatter">
				<h2 id="scatter">Autonomy and first reply, team by team and week by week</h2>
				{r.scatter.length ? (
					<ScatterSummary lag={r.correlations.find((c) => c.dimension === 'autonomy')?.lags.find((l) => l.lag === 0)} />
				) : (
					<p className="muted">No team-week in this selection has both a score that may be shown and a first-reply median.</p>
				)}
				<div className="chart-box" hidden={!r.scatter.length}>
					{hydrated ? (
						<ScatterChart points={r.scatter.map((p) => ({ x: p.autonomy, y: p.firstReplyMinutes }))} xLabel="Decision autonomy (0–100)" yLabel="Median first reply (minutes)" />
					) : null}
				</div>
				<ScatterTable points={r.scatter} />
			</section>
		</>
	)
}

/** The scatter's rank correlation in words, so the chart is not the only place it is said. */
function ScatterSummary({ lag }: { lag: { rho: number | null; n: number; p?: number } | undefined }) {
	if (!lag || lag.rho === null) return <p className="small muted">Too few team-weeks for a rank correlation.</p>
	const strength = Math.abs(lag.rho) >= 0.5 ? 'strong' : Math.abs(lag.rho) >= 0.3 ? 'moderate' : Math.abs(lag.rho) >= 0.1 ? 'weak' : 'no clear'
	return (
		<p className="small muted">
			Spearman ρ = {lag.rho.toFixed(2)} over {lag.n.toLocaleString('en')} team-weeks{lag.p !== undefined ? (lag.p < 0.001 ? ', p < 0.001' : `, p = ${lag.p.toFixed(3)}`) : ''}:{' '}
			{strength}{' '}
			{strength === 'no clear' ? 'link' : lag.rho < 0 ? 'link — where autonomy is higher, first replies are faster' : 'link — where autonomy is higher, first replies are slower'}.
		</p>
	)
}

/**
 * The scatter's table alternative. A large organisation has thousands of team-weeks, so the rows
 * are drawn when the table is opened rather than sent as HTML with every view.
 */
function ScatterTable({ points }: { points: { team: string; week: string; autonomy: number; firstReplyMinutes: number }[] }) {
	const [open, setOpen] = useState(false)
	return (
		<details onToggle={(e) => setOpen(e.currentTarget.open)}>
			<summary>The same as a table ({points.length} team-weeks)</summary>
			<noscript>
				<p className="small muted">This table is drawn in the browser: turn on JavaScript to see it.</p>
			</noscript>
			{open ? (
				<div className="table-wrap">
					<table>
						<thead>
							<tr>
								<th scope="col">Team</th>
								<th scope="col">Week of</th>
								<th scope="col" className="num">
									Autonomy
								</th>
								<th scope="col" className="num">
									Median first reply
								</th>
							</tr>
						</thead>
						<tbody>
							{points.map((p) => (
								<tr key={`${p.team}${p.week}`}>
									<td>{teamLabel(p.team)}</td>
									<td>{day(p.week)}</td>
									<td className="num">{fmt(p.autonomy)}</td>
									<td className="num">{duration(p.firstReplyMinutes)}</td>
								</tr>
							))}
						</tbody>
					</table>
				</div>
			) : null}
		</details>
	)
}
