import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { DateTime } from 'luxon'

import { ACTION_STATUSES, STATUS_LABELS } from '~/actions/action-fields'
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
import { MeasureText } from '~/components/actions/measure-text'
import { Field, Notice, SelectField, SubmitButton } from '~/components/forms'
import { BackLink, PageHead } from '~/components/page'
import { teamLabel } from '~/org/team-path'
import { invariantResponse, requireId } from '~/utils/http'
import type { FieldErrors } from '~/utils/result'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.action.title ?? 'Action'} · State of Now` }]

export async function loader({ request, params }: LoaderFunctionArgs) {
	const { user, org } = await requireUser(request, ACTING_ROLES)
	const action = await actionInReach(user, requireId(params.actionId))
	invariantResponse(action, 'Not found')
	const [measure, today] = await Promise.all([measureAction(org.id, action), orgToday(org.id)])
	return { action: { ...action, teamLabel: teamLabel(action.teamPath) }, measure, today, k: org.anonymityK }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
	const { user } = await requireUser(request, ACTING_ROLES)
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
		return r.ok ? { intent, errors: {} as FieldErrors, done } : data({ intent, errors: r.errors, done: null }, { status: 400 })
	}
	switch (intent) {
		case 'status':
			return answer(await updateActionStatus(user, id, { status: field('status') }, actor), 'Status saved.')
		case 'update':
			return answer(await addActionUpdate(user, id, { on: field('on'), note: field('note') }, actor), 'Update added.')
		case 'delete':
			invariantResponse(await deleteAction(user, id, actor), 'Not found')
			throw redirect('/actions')
		default:
			return data({ intent, errors: { _form: 'That request was not understood.' } as FieldErrors, done: null }, { status: 400 })
	}
}

const day = (iso: string) => DateTime.fromISO(iso).toFormat('d LLL yyyy')

export default function ActionPage() {
	const { action: a, measure, today, k } = useLoaderData<typeof loader>()
	const result = useActionData<typeof action>()
	const [params] = useSearchParams()
	const errors = result?.errors ?? {}
	return (
		<>
			<BackLink to="/actions">Actions</BackLink>
			<PageHead title={a.title}>
				<span className={STATUS_BADGE[a.status]}>{STATUS_LABELS[a.status]}</span> {a.teamLabel} · {a.theme ? `comment theme “${a.theme}”` : measure.label} ·{' '}
				{a.ownerName ? `owner ${a.ownerName}` : 'no owner'} · started {day(a.startedOn)} · due {day(a.dueOn)}
			</PageHead>
			{params.get('created') && !result ? <Notice>Saved. The team sees it on its results page.</Notice> : null}
			<Notice>{result?.done}</Notice>
			{errors._form ? <p className="alert alert-error">{errors._form}</p> : null}

			<section className="card" aria-labelledby="measured">
				<h2 id="measured">Measured</h2>
				<p>
					<MeasureText m={measure} k={k} />
				</p>
				<p className="small muted">
					The team’s {measure.label.toLowerCase()} in up to 4 released weeks before the week it started against the released weeks since (the start week itself is left out). Weeks
					in which the team is hidden (fewer than {k} people answered, or to protect a smaller group) count on neither side.
					{measure.change.smallestDetectable !== null
						? ` With these numbers, a change smaller than ${Math.round(measure.change.smallestDetectable)} points would likely go unseen.`
						: ''}
				</p>
			</section>

			<section className="card" aria-labelledby="updates">
				<h2 id="updates">Updates</h2>
				{a.updates.length ? (
					<ul>
						{a.updates.map((u) => (
							<li key={u.id}>
								<strong>{day(u.on)}</strong>: {u.note} {u.authorName ? <span className="muted small">— {u.authorName}</span> : null}
							</li>
						))}
					</ul>
				) : (
					<p className="muted">No update yet.</p>
				)}
				<Form method="post" noValidate>
					<div className="form-row">
						<Field label="Date" name="on" type="date" defaultValue={today} max={today} error={result?.intent === 'update' ? errors.on : undefined} />
					</div>
					<Field label="What happened" name="note" error={result?.intent === 'update' ? errors.note : undefined} maxLength={1000} />
					<SubmitButton name="intent" value="update" className="button button-secondary" pendingText="Adding…">
						Add update
					</SubmitButton>
				</Form>
			</section>

			<section className="card" aria-labelledby="status">
				<h2 id="status">Move it along</h2>
				<Form method="post" className="inline-form">
					<SelectField
						label="Status"
						name="status"
						options={ACTION_STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] }))}
						defaultValue={a.status}
						error={result?.intent === 'status' ? errors.status : undefined}
					/>
					<SubmitButton name="intent" value="status" className="button button-secondary" pendingText="Saving…">
						Save status
					</SubmitButton>
				</Form>
				<Form method="post">
					<SubmitButton name="intent" value="delete" className="button button-danger" pendingText="Deleting…">
						Delete this action
					</SubmitButton>
				</Form>
			</section>
		</>
	)
}
