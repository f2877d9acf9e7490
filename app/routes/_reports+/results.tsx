import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import type { TFunction } from 'i18next'
import { Trans } from 'react-i18next'

import { requireUser } from '~/auth/guard.server'
import { leads, reachesEveryTeam } from '~/auth/roles'
import { ActionCard } from '~/components/actions/action-card'
import { useReportWords } from '~/components/dashboard/format'
import { dimensionName, groupName } from '~/components/dashboard/words'
import { PageHead, TableScroll } from '~/components/page'
import { metaT } from '~/i18n/react'
import { teamResults } from '~/results/team-results.server'
import { invariantResponse, isUuid } from '~/utils/http'

export const meta: MetaFunction = ({ matches }) => {
	const t = metaT(matches)
	return [{ title: t('meta.title', { page: t('page.results', { ns: 'reports' }) }) }]
}

export async function loader({ request }: LoaderFunctionArgs) {
	const { user } = await requireUser(request)
	const team = new URL(request.url).searchParams.get('team') || null
	// Another team's id (or anything that is not an id) answers 404: the same as a team that does not exist.
	invariantResponse(team === null || isUuid(team), 'Not found')
	const results = await teamResults(user, team?.toLowerCase() ?? null)
	invariantResponse(results, 'Not found')
	return { r: results, role: user.role, mayAct: leads(user.role) }
}

function Change({ now, then, against }: { now: number | null; then: number | null; against: string }) {
	const { f } = useReportWords()
	if (now === null || then === null) return null
	const d = Math.round(now) - Math.round(then)
	const cls = d > 0 ? 'delta delta-up' : d < 0 ? 'delta delta-down' : 'delta'
	return (
		<span className={cls}>
			{d === 0 ? '±0' : f.signed(d)} <span className="muted">{against}</span>
		</span>
	)
}

function hiddenText(reason: string | null, k: number, t: TFunction) {
	return reason === 'protects-others'
		? t('results.hidden.protects')
		: reason === 'no-answers'
			? t('results.hidden.noAnswers')
			: reason === 'pending'
				? t('trend.pending')
				: t('results.hidden.few', { count: k })
}

export default function Results() {
	const { r, mayAct, role } = useLoaderData<typeof loader>()
	const { t, f } = useReportWords()
	const requested = groupName(t, r.requested.id, r.requested.label)
	if (!r.latestWeek)
		return (
			<>
				<PageHead title={t('page.results')}>{requested}</PageHead>
				<div className="card empty">
					<strong>{t('results.empty.title')}</strong>
					<p>{t('results.empty.text')}</p>
				</div>
			</>
		)
	const k = r.k
	const shownName = r.group ? groupName(t, r.group.id, r.group.label) : requested
	const beforeWeek = t('results.weekBefore')
	const againstOrg = t('results.againstOrg')
	return (
		<div className="results">
			<PageHead title={t('page.results')}>
				{t('results.weekOf', { week: f.day(r.latestWeek) })}
				{r.previousWeek ? ` · ${t('results.comparedWith', { week: f.day(r.previousWeek) })}` : ''}
			</PageHead>
			{r.picker.length > 1 ? (
				<Form method="get" className="filters" aria-label={t('results.chooseTeam')}>
					<div className="field">
						<label htmlFor="team">{t('filters.team')}</label>
						<select id="team" name="team" defaultValue={r.requested.id === 'org' ? '' : r.requested.id}>
							{reachesEveryTeam(role) ? <option value="">{t('wholeOrganisation')}</option> : null}
							{r.picker.map((t) => (
								<option key={t.id} value={t.id}>
									{t.label}
								</option>
							))}
						</select>
					</div>
					<button type="submit" className="button button-secondary">
						{t('filters.show')}
					</button>
				</Form>
			) : null}

			{r.group && !r.group.isRequested ? (
				<p className="alert alert-info" role="status">
					<Trans
						t={t}
						i18nKey="results.nearest"
						values={{ team: requested, why: hiddenText(r.requestedHidden, k, t), group: groupName(t, r.group.id, r.group.label) }}
						components={{ strong: <strong /> }}
					/>
				</p>
			) : null}

			<section className="card results-headline" aria-labelledby="index">
				<h2 id="index">{shownName}</h2>
				{r.now ? (
					<>
						<p className="headline-figure">
							<strong>{f.fmt(r.now.rtmi)}</strong> <span className="muted">{t('results.of100')}</span>
						</p>
						<p className="results-changes">
							<Change now={r.now.rtmi} then={r.now.previousRtmi} against={beforeWeek} />
							{r.group?.id !== 'org' ? <Change now={r.now.rtmi} then={r.now.organisationRtmi} against={againstOrg} /> : null}
						</p>
						<p className="small muted">
							{r.now.answered === null
								? t('results.invited', { count: r.now.invited })
								: t('results.answered', { answered: r.now.answered, count: r.now.invited, percent: f.fmt((r.now.answered / Math.max(1, r.now.invited)) * 100) })}
							{r.organisation && r.group?.id !== 'org' ? ` · ${t('results.organisation', { score: f.fmt(r.organisation.rtmi) })}` : ''}
						</p>
						{r.now.answered === null && r.now.answeredHiddenBecause ? (
							<p className="small muted" data-testid="answered-hidden">
								{r.now.answeredHiddenBecause === 'several-pulses' ? t('results.answeredHiddenPulses') : t('results.answeredHiddenFew')}
							</p>
						) : null}
					</>
				) : (
					<p className="muted">{t('results.allHidden', { count: k })}</p>
				)}
			</section>

			{r.strongest.length ? (
				<div className="grid-2">
					<section className="card" aria-labelledby="strongest">
						<h2 id="strongest">{t('results.strongest')}</h2>
						<ul className="dim-pills">
							{r.strongest.map((d) => (
								<li key={d.key}>
									<strong>{f.fmt(d.score)}</strong> {dimensionName(t, d.key)}
								</li>
							))}
						</ul>
					</section>
					<section className="card" aria-labelledby="weakest">
						<h2 id="weakest">{t('results.weakest')}</h2>
						<ul className="dim-pills">
							{r.weakest.map((d) => (
								<li key={d.key}>
									<strong>{f.fmt(d.score)}</strong> {dimensionName(t, d.key)}
									{mayAct && r.requested.id !== 'org' ? (
										<>
											{' '}
											<Link
												className="small"
												to={`/actions?${new URLSearchParams({ team: r.requested.id, dimension: d.key })}`}
												aria-label={t('results.planOn', { dimension: dimensionName(t, d.key) })}
											>
												{t('results.plan')}
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
					<h2 id="dimensions">{t('trend.eachDimension')}</h2>
					<p className="small muted">{t('results.scores')}</p>
					<ul className="dim-list">
						{r.dimensions.map((d) => (
							<li key={d.key}>
								<div className="dim-head">
									<span>{dimensionName(t, d.key)}</span>
									<strong>{f.fmt(d.score)}</strong>
								</div>
								<span className="bar" aria-hidden="true">
									<span className="bar-fill" style={{ width: `${Math.max(0, Math.min(100, d.score ?? 0))}%` }} />
									{d.organisation !== null && r.group?.id !== 'org' ? <span className="bar-mark" style={{ left: `${Math.max(0, Math.min(100, d.organisation))}%` }} /> : null}
								</span>
								<span className="small results-changes">
									<Change now={d.score} then={d.previous} against={beforeWeek} />
									{r.group?.id !== 'org' ? <Change now={d.score} then={d.organisation} against={againstOrg} /> : null}
								</span>
							</li>
						))}
					</ul>
					{r.group?.id !== 'org' ? <p className="small muted">{t('results.mark')}</p> : null}
				</section>
			) : null}

			<section className="card" aria-labelledby="trend">
				<h2 id="trend">{t('results.trend')}</h2>
				<p className="small muted">{t('results.trendText', { group: shownName })}</p>
				<TableScroll label={t('trend.title')}>
					<table className="trend-table">
						<thead>
							<tr>
								<th scope="col">{t('table.weekOf')}</th>
								<th scope="col" className="num">
									{t('table.index')}
								</th>
								<th scope="col" className="num">
									{t('results.org')}
								</th>
							</tr>
						</thead>
						<tbody>
							{[...r.trend].reverse().map((w) => (
								<tr key={w.week}>
									<th scope="row">{t('format.date', { date: f.shortDay(w.week) })}</th>
									{w.hiddenBecause ? (
										<td className="muted num">{hiddenText(w.hiddenBecause, k, t)}</td>
									) : (
										<td className="num">
											<span className="trend-bar" aria-hidden="true" style={{ width: `${Math.max(0, Math.min(100, w.rtmi ?? 0)) * 0.6}px` }} /> {f.fmt(w.rtmi)}
										</td>
									)}
									<td className="num">{f.fmt(w.organisationRtmi)}</td>
								</tr>
							))}
						</tbody>
					</table>
				</TableScroll>
			</section>

			<section className="card" aria-labelledby="said-did">
				<h2 id="said-did">{t('results.saidDid')}</h2>
				{r.actions.length ? (
					<ul className="action-list">
						{r.actions.map((a) => (
							<li key={a.id}>
								<ActionCard action={a} link={mayAct ? `/actions/${a.id}` : null} />
							</li>
						))}
					</ul>
				) : (
					<p className="muted">{t('results.noAction')}</p>
				)}
				{mayAct ? (
					<p>
						<Link className="button button-secondary" to={`/actions?team=${r.requested.id === 'org' ? '' : r.requested.id}`}>
							{t('results.plan')}
						</Link>
					</p>
				) : null}
			</section>

			<section className="card" aria-labelledby="comments">
				<h2 id="comments">{t('comments.title')}</h2>
				{r.comments.items ? (
					r.comments.items.length ? (
						<ul className="comments">
							{r.comments.items.map((c, i) => (
								<li key={i}>{c}</li>
							))}
						</ul>
					) : (
						<p className="muted">{t('results.noComment')}</p>
					)
				) : (
					<p className="muted">{t('results.commentsHidden', { count: r.comments.threshold })}</p>
				)}
			</section>
			<p className="small muted">
				{t('results.footer', { count: k })} {/* A document page of its own area (its words load with it): a plain link. */}
				<Trans t={t} i18nKey="results.method" components={{ method: <a href="/docs/method" /> }} />
			</p>
		</div>
	)
}
