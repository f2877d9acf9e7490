import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useRevalidator, useSearchParams } from '@remix-run/react'
import { useEffect } from 'react'
import { Trans, useTranslation } from 'react-i18next'

import { requireAdmin } from '~/auth/guard.server'
import { FormError, Notice, SubmitButton } from '~/components/forms'
import { EmptyState, PageHead, TableScroll } from '~/components/page'
import { adminTitle } from '~/i18n/admin-title'
import { formatNumber } from '~/i18n/format'
import { fixedT, personLocale } from '~/i18n/i18n.server'
import { shortDateTime } from '~/i18n/weekdays'
import { closeWave, getWave, notAnsweredYet, participation, sendReminder } from '~/pulses/waves.server'
import { orgTimeZone } from '~/surveys/surveys.server'
import { invariantResponse, requireId } from '~/utils/http'

export const meta: MetaFunction = ({ matches }) => [{ title: adminTitle(matches, (t) => t('wave.title')) }]

async function load(request: Request, params: { surveyId?: string; waveId?: string }) {
	const { org, user } = await requireAdmin(request)
	const wave = await getWave(org.id, requireId(params.waveId))
	invariantResponse(wave && wave.surveyId === requireId(params.surveyId), 'Not found')
	return { org, wave, locale: personLocale(user, org) }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
	const { org, wave, locale } = await load(request, params)
	const [{ timeZone }, p] = await Promise.all([orgTimeZone(org.id), participation(org.id, wave.id)])
	const now = new Date()
	const fmt = (d: Date | null) => (d ? shortDateTime(d, locale, timeZone, { year: false }) : null)
	const pct = (r: number | null) => (r === null ? null : formatNumber(r, locale, { style: 'percent', maximumFractionDigits: 0 }))
	return {
		surveyId: wave.surveyId,
		surveyName: wave.surveyName,
		k: p.k,
		open: !wave.closedAt && wave.closesAt > now,
		opens: fmt(wave.opensAt),
		closes: fmt(wave.closedAt && wave.closedAt < wave.closesAt ? wave.closedAt : wave.closesAt),
		reminderAt: fmt(wave.reminderAt),
		reminderSent: fmt(wave.reminderSentAt),
		timeZone,
		participation: { ...p, rateText: pct(p.rate), teams: p.teams.map((team) => ({ ...team, rateText: pct(team.rate) })) },
		notAnswered: notAnsweredYet(p),
	}
}

type Outcome = { error: string | null; done: string | null; confirmRemind: boolean; confirmClose: boolean }
const outcome = (o: Partial<Outcome>): Outcome => ({ error: null, done: null, confirmRemind: false, confirmClose: false, ...o })

export async function action({ request, params }: ActionFunctionArgs) {
	const { org, wave, locale } = await load(request, params)
	const t = fixedT(locale, 'admin')
	const form = await request.formData()
	const intent = form.get('intent')
	if (intent === 'remind') {
		// A reminder cannot be taken back: the first press asks, only the confirming one sends.
		if (form.get('confirm') !== 'yes') return outcome({ confirmRemind: true })
		const n = await sendReminder(org.id, wave.id)
		if (n === null) return data(outcome({ error: t('wave.alreadyReminded') }), { status: 400 })
		// How many were reminded is how many have not answered: said only where the page shows it.
		const shown = notAnsweredYet(await participation(org.id, wave.id)) !== null
		return outcome({ done: shown ? t('wave.reminderQueued', { count: n }) : t('wave.reminderQueuedAll') })
	}
	if (intent === 'close') {
		// Closing cannot be taken back either: the first press says who would be left out and asks.
		if (form.get('confirm') !== 'yes') return outcome({ confirmClose: true })
		if (!(await closeWave(org.id, wave.id))) return data(outcome({ error: t('wave.alreadyClosed') }), { status: 400 })
		return outcome({ done: t('wave.closedDone') })
	}
	return data(outcome({ error: t('problems.notUnderstood') }), { status: 400 })
}

export default function WavePage() {
	const d = useLoaderData<typeof loader>()
	const result = useActionData<typeof action>()
	const [params] = useSearchParams()
	const revalidator = useRevalidator()
	// Participation is live while the wave is open.
	useEffect(() => {
		if (!d.open) return
		const t = setInterval(() => revalidator.state === 'idle' && document.visibilityState === 'visible' && revalidator.revalidate(), 5000)
		return () => clearInterval(t)
	}, [d.open, revalidator])
	const p = d.participation
	const { t } = useTranslation('admin')
	return (
		<>
			<p className="small">
				<Link to={`/admin/surveys/${d.surveyId}`}>← {d.surveyName}</Link>
			</p>
			<PageHead
				title={t('wave.heading', { opens: d.opens })}
				actions={
					d.open && !result?.confirmClose ? (
						<Form method="post">
							<SubmitButton className="button button-danger" name="intent" value="close" pendingText={t('wave.checking')}>
								{t('wave.closeNow')}
							</SubmitButton>
						</Form>
					) : null
				}
			>
				{d.open ? <span className="badge badge-ok">{t('survey.open')}</span> : <span className="badge">{t('survey.closed')}</span>} ·{' '}
				{d.open ? t('wave.closesAt', { at: d.closes, zone: d.timeZone }) : t('wave.closedAt', { at: d.closes, zone: d.timeZone })}
			</PageHead>
			{params.get('opened') && !result ? (
				<Notice>
					<Trans t={t} i18nKey="wave.opened" components={{ outbox: <Link to="/admin/outbox" /> }} />
				</Notice>
			) : null}
			{d.open && result?.confirmClose ? (
				<div className="alert alert-info" role="alert">
					<p>
						<strong>{t('wave.closeQuestion')}</strong>{' '}
						{d.notAnswered === null
							? p.invited < d.k
								? t('wave.notShownFewer', { count: p.invited, k: d.k })
								: t('wave.notShownSmaller', { count: p.invited })
							: d.notAnswered === 0
								? t('wave.everyoneAnswered', { invited: p.invited })
								: t('wave.notAnswered', { count: d.notAnswered, invited: p.invited })}{' '}
						{t('wave.closeFinal')}
					</p>
					<div className="actions">
						<Form method="post">
							<input type="hidden" name="confirm" value="yes" />
							<SubmitButton className="button button-danger" name="intent" value="close" pendingText={t('wave.closing')}>
								{t('wave.closeConfirm')}
							</SubmitButton>
						</Form>
						<Link className="button button-secondary" to=".">
							{t('wave.keepOpen')}
						</Link>
					</div>
				</div>
			) : null}
			<Notice>{result?.done}</Notice>
			<FormError error={result?.error ?? undefined} />
			<div className="stat-row" aria-label={t('wave.participation')}>
				<div className="stat">
					<strong>{p.invited}</strong>
					<span>{t('wave.statInvited')}</span>
				</div>
				<div className="stat">
					<strong>{p.answered ?? '—'}</strong>
					<span>{t('wave.statAnswered')}</span>
				</div>
				<div className="stat">
					<strong>{p.rateText ?? '—'}</strong>
					<span>{t('wave.statParticipation')}</span>
				</div>
				<div className="stat">
					<strong>{d.reminderSent ? t('wave.reminderSent') : d.reminderAt ? t('wave.reminderPlanned') : t('wave.reminderNone')}</strong>
					<span>{d.reminderSent ? t('wave.reminderAt', { at: d.reminderSent }) : d.reminderAt ? t('wave.reminderAt', { at: d.reminderAt }) : t('wave.statReminder')}</span>
				</div>
			</div>
			{d.open && !d.reminderSent ? (
				<section className="card" aria-labelledby="reminder">
					<h2 id="reminder">{t('wave.reminder')}</h2>
					{result?.confirmRemind ? (
						<div className="alert alert-info" role="alert">
							<p>{d.reminderAt ? t('wave.remindQuestionPlanned', { at: d.reminderAt }) : t('wave.remindQuestion')}</p>
							<div className="actions">
								<Form method="post">
									<input type="hidden" name="confirm" value="yes" />
									<SubmitButton name="intent" value="remind" pendingText={t('wave.queuing')}>
										{t('wave.remindConfirm')}
									</SubmitButton>
								</Form>
								<Link className="button button-secondary" to=".">
									{t('wave.cancel')}
								</Link>
							</div>
						</div>
					) : (
						<>
							<p className="small muted">{d.reminderAt ? t('wave.plannedFor', { at: d.reminderAt }) : t('wave.nonePlanned')}</p>
							<Form method="post">
								<SubmitButton className="button button-secondary" name="intent" value="remind" pendingText={t('wave.checking')}>
									{t('wave.remindNow')}
								</SubmitButton>
							</Form>
						</>
					)}
				</section>
			) : null}
			<h2>{t('wave.byTeam')}</h2>
			<p className="small muted">{t('wave.byTeamText', { k: d.k })}</p>
			{p.teams.length === 0 ? (
				<EmptyState title={t('wave.nobody')}>
					<span>{t('wave.nobodyText')}</span>
				</EmptyState>
			) : (
				<TableScroll label={t('wave.byTeamLabel')}>
					<table aria-label={t('wave.byTeamLabel')}>
						<thead>
							<tr>
								<th scope="col">{t('people.team')}</th>
								<th scope="col" className="num">
									{t('survey.invited')}
								</th>
								<th scope="col" className="num">
									{t('survey.answered')}
								</th>
								<th scope="col">{t('wave.rate')}</th>
							</tr>
						</thead>
						<tbody>
							{p.teams.map((team) => (
								<tr key={team.teamId ?? 'none'}>
									<td style={{ paddingLeft: `${0.75 + team.depth * 1.25}rem` }}>{team.path ? team.path.split('/').pop() : <em>{t('wave.noTeam')}</em>}</td>
									<td className="num">{team.invited}</td>
									<td className="num">{team.rate === null ? '—' : team.answered}</td>
									<td>
										{team.rate === null ? (
											<span className="muted small">
												{team.invited < d.k ? t('wave.fewerThan', { k: d.k }) : team.teamId === null ? t('wave.notOnItsOwn') : t('wave.hiddenSmaller')}
											</span>
										) : (
											<>
												<span className="rate-bar" style={{ width: `${Math.max(2, team.rate * 80)}px` }} aria-hidden="true" />
												{team.rateText}
											</>
										)}
									</td>
								</tr>
							))}
						</tbody>
					</table>
				</TableScroll>
			)}
		</>
	)
}
