import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

import { userActor } from '~/audit/audit.server'
import { requireAdmin } from '~/auth/guard.server'
import { Field, FormError, Notice, SubmitButton } from '~/components/forms'
import { BackLink, EmptyState, PageHead, TableScroll } from '~/components/page'
import { SurveyBuilder } from '~/components/survey-builder'
import { bankTexts, localizeAdminProblems } from '~/i18n/admin-problems.server'
import { adminTitle } from '~/i18n/admin-title'
import { formatNumber } from '~/i18n/format'
import { fixedT, personLocale } from '~/i18n/i18n.server'
import { shortDateTime } from '~/i18n/weekdays'
import { currentPeriodWave, listWaves, openWaveNow } from '~/pulses/waves.server'
import { STATUS_BADGE } from '~/routes/admin+/surveys._index'
import { builderData, builderForm, surveyInput } from '~/surveys/builder-data.server'
import { formatMinute, upcomingPeriods } from '~/surveys/schedule'
import { setSurveySharing } from '~/surveys/sharing.server'
import { getSurvey, saveSurvey, scheduleOf, setSurveyStatus } from '~/surveys/surveys.server'
import { invariantResponse, requireId } from '~/utils/http'
import type { FieldErrors } from '~/utils/result'
import { MAX_SHARE_DELAY_DAYS } from '~db/enums'

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [{ title: adminTitle(matches, (t) => data?.survey.name ?? t('surveys.survey')) }]

export async function loader({ request, params }: LoaderFunctionArgs) {
	const { org, user } = await requireAdmin(request)
	const locale = personLocale(user, org)
	const survey = await getSurvey(org.id, requireId(params.surveyId))
	invariantResponse(survey, 'Not found')
	const now = new Date()
	const [builder, waves, sentThisPeriod] = await Promise.all([
		builderData(org.id),
		listWaves(org.id, survey.id),
		survey.status === 'active' ? currentPeriodWave(org.id, survey.id, now) : null,
	])
	const created = new URL(request.url).searchParams.has('created')
	const fmt = (d: Date) => shortDateTime(d, locale, builder.timeZone)
	return {
		...bankTexts(locale, builder),
		// "Draft saved" only while it is one: the address keeps ?created=1 after activating.
		draftSavedNotice: created && survey.status === 'draft',
		thisPeriodsWave: sentThisPeriod ? { id: sentThisPeriod.id } : null,
		survey: {
			id: survey.id,
			name: survey.name,
			status: survey.status,
			sharing: { mode: survey.shareMode, delayDays: survey.shareDelayDays },
			values: {
				name: survey.name,
				itemIds: survey.itemIds,
				audience: survey.teamIds.length ? ('teams' as const) : ('everyone' as const),
				teamIds: survey.teamIds,
				cadence: survey.cadence,
				weekday: survey.weekday,
				sendTime: formatMinute(survey.sendMinute),
				openDays: survey.openDays,
				reminderDaysBeforeClose: survey.reminderDaysBeforeClose,
				anonymityK: survey.anonymityK,
			},
		},
		upcoming:
			survey.status === 'active'
				? upcomingPeriods(scheduleOf(survey, builder.timeZone), builder.timeZone, now).map((p) => ({ opens: fmt(p.opensAt), closes: fmt(p.closesAt) }))
				: [],
		waves: waves.map((w) => ({
			id: w.id,
			opens: fmt(w.opensAt),
			closes: fmt(w.closedAt && w.closedAt < w.closesAt ? w.closedAt : w.closesAt),
			open: !w.closedAt && w.closesAt > now,
			invited: w.invited,
			answered: w.answered,
			rate: w.invited >= w.anonymityK ? formatNumber(w.answered / w.invited, locale, { style: 'percent', maximumFractionDigits: 0 }) : null,
		})),
	}
}

export async function action({ request, params, context }: ActionFunctionArgs) {
	const { org, user } = await requireAdmin(request)
	const locale = personLocale(user, org)
	const t = fixedT(locale, 'admin')
	const surveyId = requireId(params.surveyId)
	invariantResponse(await getSurvey(org.id, surveyId), 'Not found')
	const formData = await request.formData()
	const intent = formData.get('intent')
	const answer = (r: { ok: true } | { ok: false; errors: FieldErrors }, done: string) =>
		r.ok ? { intent, errors: {} as FieldErrors, done, form: null } : data({ intent, errors: localizeAdminProblems(locale, r.errors), done: null, form: null }, { status: 400 })
	switch (intent) {
		case 'save': {
			const form = builderForm(formData)
			const r = await saveSurvey(org.id, surveyId, surveyInput(form))
			return r.ok
				? { intent, errors: {} as FieldErrors, done: t('survey.done.saved'), form: null }
				: data({ intent, errors: localizeAdminProblems(locale, r.errors), done: null, form }, { status: 400 })
		}
		case 'activate':
			return answer(await setSurveyStatus(org.id, surveyId, 'active', userActor(user, context)), t('survey.done.active'))
		case 'pause':
			return answer(await setSurveyStatus(org.id, surveyId, 'paused', userActor(user, context)), t('survey.done.paused'))
		case 'archive':
			return answer(await setSurveyStatus(org.id, surveyId, 'archived', userActor(user, context)), t('survey.done.archived'))
		case 'share': {
			const r = await setSurveySharing(org.id, surveyId, { shareMode: formData.get('shareMode'), shareDelayDays: formData.get('shareDelayDays') ?? '' }, userActor(user, context))
			invariantResponse(r, 'Not found')
			return answer(r, t('survey.done.sharing'))
		}
		case 'open-now': {
			const r = await openWaveNow(org.id, surveyId)
			if (!r.ok) return answer(r, '')
			throw redirect(`/admin/surveys/${surveyId}/waves/${r.value}?opened=1`)
		}
		default:
			return data({ intent, errors: localizeAdminProblems(locale, { _form: 'That request was not understood.' }), done: null, form: null }, { status: 400 })
	}
}

export default function SurveyPage() {
	const d = useLoaderData<typeof loader>()
	const result = useActionData<typeof action>()
	const s = d.survey
	const builderErrors = result?.intent === 'save' ? result.errors : {}
	const f = result?.intent === 'save' ? result.form : null
	const { t } = useTranslation('admin')
	return (
		<>
			<BackLink to="/admin/surveys">{t('surveys.title')}</BackLink>
			<PageHead
				title={<>{s.name}</>}
				actions={
					<>
						{s.status === 'draft' || s.status === 'paused' ? (
							<Form method="post">
								<SubmitButton name="intent" value="activate" pendingText={t('survey.activating')}>
									{s.status === 'draft' ? t('survey.activate') : t('survey.resume')}
								</SubmitButton>
							</Form>
						) : null}
						{s.status === 'active' ? (
							<>
								{d.thisPeriodsWave ? (
									<Link className="button button-secondary" to={`/admin/surveys/${s.id}/waves/${d.thisPeriodsWave.id}`}>
										{t('survey.thisWave')}
									</Link>
								) : (
									<Form method="post">
										<SubmitButton className="button" name="intent" value="open-now" pendingText={t('person.sending')}>
											{t('survey.sendNow')}
										</SubmitButton>
									</Form>
								)}
								<Form method="post">
									<SubmitButton className="button button-secondary" name="intent" value="pause" pendingText={t('survey.pausing')}>
										{t('survey.pause')}
									</SubmitButton>
								</Form>
							</>
						) : null}
						{s.status !== 'archived' ? (
							<Form method="post">
								<SubmitButton className="button button-danger" name="intent" value="archive" pendingText={t('survey.archiving')}>
									{t('survey.archive')}
								</SubmitButton>
							</Form>
						) : null}
					</>
				}
			>
				<span className={STATUS_BADGE[s.status]}>{t(`surveys.statuses.${s.status}`)}</span>
			</PageHead>
			{d.draftSavedNotice && !result ? <Notice>{t('survey.draftSaved')}</Notice> : null}
			<Notice>{result?.done}</Notice>
			{result && result.intent !== 'save' && result.intent !== 'share' ? <FormError error={result.errors._form} /> : null}

			<ShareCard sharing={s.sharing} errors={result?.intent === 'share' ? result.errors : {}} />

			{d.upcoming.length ? (
				<div className="card">
					<h2>{t('survey.nextWaves')}</h2>
					<ul>
						{d.upcoming.map((u) => (
							<li key={u.opens}>{t('survey.upcoming', { opens: u.opens, closes: u.closes, zone: d.timeZone })}</li>
						))}
					</ul>
				</div>
			) : null}

			<h2>{t('surveys.waves')}</h2>
			{d.waves.length === 0 ? (
				<EmptyState title={t('survey.noWave')}>
					<span>{s.status === 'active' ? t('survey.noWaveActive') : t('survey.noWaveDraft')}</span>
				</EmptyState>
			) : (
				<TableScroll label={t('survey.wavesLabel')}>
					<table>
						<thead>
							<tr>
								<th scope="col">{t('survey.opened')}</th>
								<th scope="col" className="hide-sm">
									{t('survey.closes')}
								</th>
								<th scope="col" className="num">
									{t('survey.invited')}
								</th>
								<th scope="col" className="num">
									{t('survey.answered')}
								</th>
								<th scope="col">{t('survey.state')}</th>
							</tr>
						</thead>
						<tbody>
							{d.waves.map((w) => (
								<tr key={w.id}>
									<td>
										<Link to={`/admin/surveys/${s.id}/waves/${w.id}`}>{t('moment', { at: w.opens })}</Link>
									</td>
									<td className="hide-sm">{t('moment', { at: w.closes })}</td>
									<td className="num">{w.invited}</td>
									<td className="num">{w.rate !== null ? t('survey.answeredRate', { answered: w.answered, rate: w.rate }) : t('survey.fewerThanK')}</td>
									<td>{w.open ? <span className="badge badge-ok">{t('survey.open')}</span> : <span className="badge">{t('survey.closed')}</span>}</td>
								</tr>
							))}
						</tbody>
					</table>
				</TableScroll>
			)}

			{s.status !== 'archived' ? (
				<>
					<h2>{t('survey.edit')}</h2>
					<div className="card">
						<SurveyBuilder
							bank={d.bank}
							teams={d.teams}
							timeZone={d.timeZone}
							errors={builderErrors}
							submitLabel={t('person.save')}
							values={
								f
									? {
											name: f.fields.name ?? '',
											itemIds: f.itemIds,
											audience: f.fields.audience === 'teams' ? 'teams' : 'everyone',
											teamIds: f.teamIds,
											cadence: f.fields.cadence ?? 'weekly',
											weekday: Number(f.fields.weekday ?? 1),
											sendTime: f.fields.sendTime ?? '',
											openDays: Number(f.fields.openDays ?? 3),
											reminderDaysBeforeClose: Number(f.fields.reminderDaysBeforeClose ?? 1),
											anonymityK: Number(f.fields.anonymityK ?? 5),
										}
									: s.values
							}
						/>
					</div>
				</>
			) : null}
		</>
	)
}

/** Whether teams see this survey's results on /results (a week with several surveys follows the strictest). */
function ShareCard({ sharing, errors }: { sharing: { mode: string; delayDays: number }; errors: FieldErrors }) {
	const { t } = useTranslation('admin')
	const { t: tApp } = useTranslation('app')
	return (
		<section className="card" aria-labelledby="share">
			<h2 id="share">{t('share.title')}</h2>
			<p className="small muted">{t('share.intro')}</p>
			<Form method="post" noValidate>
				<fieldset className="field">
					<legend>{t('share.legend')}</legend>
					<label className="checkbox">
						<input type="radio" name="shareMode" value="release" defaultChecked={sharing.mode === 'release'} /> {t('share.release')}
					</label>
					<label className="checkbox">
						<input type="radio" name="shareMode" value="delay" defaultChecked={sharing.mode === 'delay'} /> {t('share.delay')}
					</label>
					<label className="checkbox">
						<input type="radio" name="shareMode" value="never" defaultChecked={sharing.mode === 'never'} /> {t('share.never')}
					</label>
					{errors.shareMode ? <p className="field-error">{errors.shareMode}</p> : null}
				</fieldset>
				<Field
					label={t('share.delayDays')}
					name="shareDelayDays"
					type="number"
					min={1}
					max={MAX_SHARE_DELAY_DAYS}
					defaultValue={sharing.mode === 'delay' ? sharing.delayDays : 3}
					error={errors.shareDelayDays}
				/>
				<SubmitButton name="intent" value="share" className="button button-secondary" pendingText={tApp('forms.saving')}>
					{t('share.submit')}
				</SubmitButton>
			</Form>
		</section>
	)
}
