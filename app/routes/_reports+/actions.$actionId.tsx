import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'

import { ACTION_STATUSES } from '~/actions/action-fields'
import { actionInReach } from '~/actions/action-in-reach.server'
import { addActionUpdate } from '~/actions/add-action-update.server'
import { orgToday } from '~/actions/create-action.server'
import { deleteAction } from '~/actions/delete-action.server'
import { measureAction } from '~/actions/measure-action.server'
import { updateActionStatus } from '~/actions/update-action-status.server'
import { userActor } from '~/audit/audit.server'
import { requireUser } from '~/auth/guard.server'
import { ACTING_ROLES } from '~/auth/permissions.server'
import { STATUS_BADGE } from '~/components/actions/action-card'
import { MeasureText, useMeasureLabel } from '~/components/actions/measure-text'
import { useReportWords } from '~/components/dashboard/format'
import { Field, Notice, SelectField, SubmitButton } from '~/components/forms'
import { BackLink, PageHead } from '~/components/page'
import { fixedT, personLocale } from '~/i18n/i18n.server'
import { metaT } from '~/i18n/react'
import { localizeReportProblems } from '~/i18n/report-problems.server'
import { teamLabel } from '~/org/team-path'
import { invariantResponse, requireId } from '~/utils/http'
import type { FieldErrors } from '~/utils/result'

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
	const t = metaT(matches)
	return [{ title: t('meta.title', { page: data?.action.title ?? t('page.action', { ns: 'reports' }) }) }]
}

export async function loader({ request, params }: LoaderFunctionArgs) {
	const { user, org } = await requireUser(request, ACTING_ROLES)
	const action = await actionInReach(user, requireId(params.actionId))
	invariantResponse(action, 'Not found')
	const [measure, today] = await Promise.all([measureAction(org.id, action), orgToday(org.id)])
	return { action: { ...action, teamLabel: teamLabel(action.teamPath) }, measure, today, k: org.anonymityK }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
	const { user, org } = await requireUser(request, ACTING_ROLES)
	const locale = personLocale(user, org)
	const t = fixedT(locale, 'reports')
	const id = requireId(params.actionId)
	const form = await request.formData()
	const intent = form.get('intent')
	const field = (name: string) => {
		const v = form.get(name)
		return typeof v === 'string' ? v : ''
	}
	const actor = userActor(user, context)
	const answer = (r: { ok: true } | { ok: false; errors: FieldErrors } | null, done: string) => {
		invariantResponse(r, 'Not found')
		return r.ok ? { intent, errors: {} as FieldErrors, done } : data({ intent, errors: localizeReportProblems(locale, r.errors), done: null }, { status: 400 })
	}
	switch (intent) {
		case 'status':
			return answer(await updateActionStatus(user, id, { status: field('status') }, actor), t('action.statusSaved'))
		case 'update':
			return answer(await addActionUpdate(user, id, { on: field('on'), note: field('note') }, actor), t('action.updateAdded'))
		case 'delete':
			invariantResponse(await deleteAction(user, id, actor), 'Not found')
			throw redirect('/actions')
		default:
			return data({ intent, errors: { _form: t('problems.notUnderstood') } as FieldErrors, done: null }, { status: 400 })
	}
}

export default function ActionPage() {
	const { action: a, measure, today, k } = useLoaderData<typeof loader>()
	const result = useActionData<typeof action>()
	const [params] = useSearchParams()
	const errors = result?.errors ?? {}
	const { t, f } = useReportWords()
	const measureLabel = useMeasureLabel()(measure)
	return (
		<>
			<BackLink to="/actions">{t('page.actions')}</BackLink>
			<PageHead title={a.title}>
				<span className={STATUS_BADGE[a.status]}>{t(`status.${a.status}`)}</span> {a.teamLabel} · {a.theme ? t('actions.commentTheme', { theme: a.theme }) : measureLabel} ·{' '}
				{a.ownerName ? t('actions.owner', { name: a.ownerName }) : t('actions.noOwner')} · {t('action.started', { date: f.day(a.startedOn) })} ·{' '}
				{t('actions.due', { date: f.day(a.dueOn) })}
			</PageHead>
			{params.get('created') && !result ? <Notice>{t('action.created')}</Notice> : null}
			<Notice>{result?.done}</Notice>
			{errors._form ? <p className="alert alert-error">{errors._form}</p> : null}

			<section className="card" aria-labelledby="measured">
				<h2 id="measured">{t('action.measured')}</h2>
				<p>
					<MeasureText m={measure} k={k} />
				</p>
				<p className="small muted">
					{t('action.how', { measure: measure.metric === 'culture' ? t('action.cultureInline') : t(`dimensionsInline.${measure.metric}`), count: k })}
					{measure.change.smallestDetectable !== null ? ` ${t('action.smallest', { count: Math.round(measure.change.smallestDetectable) })}` : ''}
				</p>
			</section>

			<section className="card" aria-labelledby="updates">
				<h2 id="updates">{t('action.updates')}</h2>
				{a.updates.length ? (
					<ul>
						{a.updates.map((u) => (
							<li key={u.id}>
								<strong>{t('format.date', { date: f.day(u.on) })}</strong>: {u.note} {u.authorName ? <span className="muted small">— {u.authorName}</span> : null}
							</li>
						))}
					</ul>
				) : (
					<p className="muted">{t('action.noUpdate')}</p>
				)}
				<Form method="post" noValidate>
					<div className="form-row">
						<Field label={t('action.date')} name="on" type="date" defaultValue={today} max={today} error={result?.intent === 'update' ? errors.on : undefined} />
					</div>
					<Field label={t('action.whatHappened')} name="note" error={result?.intent === 'update' ? errors.note : undefined} maxLength={1000} />
					<SubmitButton name="intent" value="update" className="button button-secondary" pendingText={t('action.adding')}>
						{t('action.addUpdate')}
					</SubmitButton>
				</Form>
			</section>

			<section className="card" aria-labelledby="status">
				<h2 id="status">{t('action.moveAlong')}</h2>
				<Form method="post" className="inline-form">
					<SelectField
						label={t('actions.status')}
						name="status"
						options={ACTION_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))}
						defaultValue={a.status}
						error={result?.intent === 'status' ? errors.status : undefined}
					/>
					<SubmitButton name="intent" value="status" className="button button-secondary" pendingText={t('app:forms.saving')}>
						{t('action.saveStatus')}
					</SubmitButton>
				</Form>
				<Form method="post">
					<SubmitButton name="intent" value="delete" className="button button-danger" pendingText={t('action.deleting')}>
						{t('action.delete')}
					</SubmitButton>
				</Form>
			</section>
		</>
	)
}
