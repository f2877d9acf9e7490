import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { DateTime } from 'luxon'

import { userActor } from '~/audit/audit.server'
import { requireAdmin } from '~/auth/guard.server'
import { Field, FormError, Notice, SubmitButton } from '~/components/forms'
import { BackLink, EmptyState, PageHead, TableScroll } from '~/components/page'
import { SurveyBuilder } from '~/components/survey-builder'
import { currentPeriodWave, listWaves, openWaveNow } from '~/pulses/waves.server'
import { builderData, builderForm, surveyInput } from '~/surveys/builder-data.server'
import { formatMinute, upcomingPeriods } from '~/surveys/schedule'
import { setSurveySharing } from '~/surveys/sharing.server'
import { getSurvey, saveSurvey, scheduleOf, setSurveyStatus } from '~/surveys/surveys.server'
import { invariantResponse, requireId } from '~/utils/http'
import type { FieldErrors } from '~/utils/result'
import { MAX_SHARE_DELAY_DAYS } from '~db/enums'

import { STATUS_BADGE } from './admin.surveys._index'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.survey.name ?? 'Survey'} · State of Now` }]

export async function loader({ request, params }: LoaderFunctionArgs) {
	const { org } = await requireAdmin(request)
	const survey = await getSurvey(org.id, requireId(params.surveyId))
	invariantResponse(survey, 'Not found')
	const now = new Date()
	const [builder, waves, sentThisPeriod] = await Promise.all([
		builderData(org.id),
		listWaves(org.id, survey.id),
		survey.status === 'active' ? currentPeriodWave(org.id, survey.id, now) : null,
	])
	const created = new URL(request.url).searchParams.has('created')
	const fmt = (d: Date) => DateTime.fromJSDate(d, { zone: builder.timeZone }).toFormat('ccc d LLL yyyy, HH:mm')
	return {
		...builder,
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
			k: w.anonymityK,
		})),
	}
}

export async function action({ request, params, context }: ActionFunctionArgs) {
	const { org, user } = await requireAdmin(request)
	const surveyId = requireId(params.surveyId)
	invariantResponse(await getSurvey(org.id, surveyId), 'Not found')
	const formData = await request.formData()
	const intent = formData.get('intent')
	const answer = (r: { ok: true } | { ok: false; errors: FieldErrors }, done: string) =>
		r.ok ? { intent, errors: {} as FieldErrors, done, form: null } : data({ intent, errors: r.errors, done: null, form: null }, { status: 400 })
	switch (intent) {
		case 'save': {
			const form = builderForm(formData)
			const r = await saveSurvey(org.id, surveyId, surveyInput(form))
			return r.ok
				? { intent, errors: {} as FieldErrors, done: 'Saved. Changes apply from the next wave; past answers keep their wording.', form: null }
				: data({ intent, errors: r.errors, done: null, form }, { status: 400 })
		}
		case 'activate':
			return answer(await setSurveyStatus(org.id, surveyId, 'active', userActor(user, context)), 'Active: waves open on schedule.')
		case 'pause':
			return answer(await setSurveyStatus(org.id, surveyId, 'paused', userActor(user, context)), 'Paused: no new waves open until you resume it.')
		case 'archive':
			return answer(await setSurveyStatus(org.id, surveyId, 'archived', userActor(user, context)), 'Archived.')
		case 'share': {
			const r = await setSurveySharing(org.id, surveyId, { shareMode: formData.get('shareMode'), shareDelayDays: formData.get('shareDelayDays') ?? '' }, userActor(user, context))
			invariantResponse(r, 'Not found')
			return answer(r, 'Saved: teams see this survey’s results on their results page as chosen.')
		}
		case 'open-now': {
			const r = await openWaveNow(org.id, surveyId)
			if (!r.ok) return answer(r, '')
			throw redirect(`/admin/surveys/${surveyId}/waves/${r.value}?opened=1`)
		}
		default:
			return data({ intent, errors: { _form: 'That request was not understood.' } as FieldErrors, done: null, form: null }, { status: 400 })
	}
}

export default function SurveyPage() {
	const d = useLoaderData<typeof loader>()
	const result = useActionData<typeof action>()
	const s = d.survey
	const builderErrors = result?.intent === 'save' ? result.errors : {}
	const f = result?.intent === 'save' ? result.form : null
	return (
		<>
			<BackLink to="/admin/surveys">Surveys</BackLink>
			<PageHead
				title={<>{s.name}</>}
				actions={
					<>
						{s.status === 'draft' || s.status === 'paused' ? (
							<Form method="post">
								<SubmitButton name="intent" value="activate" pendingText="Activating…">
									{s.status === 'draft' ? 'Activate' : 'Resume'}
								</SubmitButton>
							</Form>
						) : null}
						{s.status === 'active' ? (
							<>
								{d.thisPeriodsWave ? (
									<Link className="button button-secondary" to={`/admin/surveys/${s.id}/waves/${d.thisPeriodsWave.id}`}>
										This period's wave
									</Link>
								) : (
									<Form method="post">
										<SubmitButton className="button" name="intent" value="open-now" pendingText="Sending…">
											Send this period's pulse now
										</SubmitButton>
									</Form>
								)}
								<Form method="post">
									<SubmitButton className="button button-secondary" name="intent" value="pause" pendingText="Pausing…">
										Pause
									</SubmitButton>
								</Form>
							</>
						) : null}
						{s.status !== 'archived' ? (
							<Form method="post">
								<SubmitButton className="button button-danger" name="intent" value="archive" pendingText="Archiving…">
									Archive
								</SubmitButton>
							</Form>
						) : null}
					</>
				}
			>
				<span className={STATUS_BADGE[s.status]}>{s.status}</span>
			</PageHead>
			{d.draftSavedNotice && !result ? <Notice>Draft saved. Activate it when you are ready: waves then open on schedule.</Notice> : null}
			<Notice>{result?.done}</Notice>
			{result && result.intent !== 'save' && result.intent !== 'share' ? <FormError error={result.errors._form} /> : null}

			<ShareCard sharing={s.sharing} errors={result?.intent === 'share' ? result.errors : {}} />

			{d.upcoming.length ? (
				<div className="card">
					<h2>Next waves</h2>
					<ul>
						{d.upcoming.map((u) => (
							<li key={u.opens}>
								Opens {u.opens}, closes {u.closes} ({d.timeZone})
							</li>
						))}
					</ul>
				</div>
			) : null}

			<h2>Waves</h2>
			{d.waves.length === 0 ? (
				<EmptyState title="No wave yet">
					{s.status === 'active' ? 'The first one opens at the next scheduled time, or send it now.' : 'Activate the survey to start sending.'}
				</EmptyState>
			) : (
				<TableScroll label="Waves of this survey">
					<table>
						<thead>
							<tr>
								<th scope="col">Opened</th>
								<th scope="col" className="hide-sm">
									Closes
								</th>
								<th scope="col" className="num">
									Invited
								</th>
								<th scope="col" className="num">
									Answered
								</th>
								<th scope="col">State</th>
							</tr>
						</thead>
						<tbody>
							{d.waves.map((w) => (
								<tr key={w.id}>
									<td>
										<Link to={`/admin/surveys/${s.id}/waves/${w.id}`}>{w.opens}</Link>
									</td>
									<td className="hide-sm">{w.closes}</td>
									<td className="num">{w.invited}</td>
									<td className="num">{w.invited >= w.k ? `${w.answered} (${Math.round((w.answered / w.invited) * 100)}%)` : 'fewer than k invited'}</td>
									<td>{w.open ? <span className="badge badge-ok">Open</span> : <span className="badge">Closed</span>}</td>
								</tr>
							))}
						</tbody>
					</table>
				</TableScroll>
			)}

			{s.status !== 'archived' ? (
				<>
					<h2>Edit</h2>
					<div className="card">
						<SurveyBuilder
							bank={d.bank}
							teams={d.teams}
							timeZone={d.timeZone}
							errors={builderErrors}
							submitLabel="Save changes"
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
	return (
		<section className="card" aria-labelledby="share">
			<h2 id="share">Results for teams</h2>
			<p className="small muted">
				Everyone sees their team’s results on their results page once a week is released (never a group under the anonymity threshold). Executives and admins always see the
				dashboard. When a week holds several surveys, the strictest setting among them applies to the whole week.
			</p>
			<Form method="post" noValidate>
				<fieldset className="field">
					<legend>Share with teams</legend>
					<label className="checkbox">
						<input type="radio" name="shareMode" value="release" defaultChecked={sharing.mode === 'release'} /> Right after the results are released
					</label>
					<label className="checkbox">
						<input type="radio" name="shareMode" value="delay" defaultChecked={sharing.mode === 'delay'} /> After a delay, so leaders can read them first
					</label>
					<label className="checkbox">
						<input type="radio" name="shareMode" value="never" defaultChecked={sharing.mode === 'never'} /> Not at all
					</label>
					{errors.shareMode ? <p className="field-error">{errors.shareMode}</p> : null}
				</fieldset>
				<Field
					label="Delay in days (for “after a delay”)"
					name="shareDelayDays"
					type="number"
					min={1}
					max={MAX_SHARE_DELAY_DAYS}
					defaultValue={sharing.mode === 'delay' ? sharing.delayDays : 3}
					error={errors.shareDelayDays}
				/>
				<SubmitButton name="intent" value="share" className="button button-secondary" pendingText="Saving…">
					Save sharing
				</SubmitButton>
			</Form>
		</section>
	)
}
