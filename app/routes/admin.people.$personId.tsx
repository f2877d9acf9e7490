import { BackLink, PageHead } from '~/components/page'
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { requireAdmin } from '~/auth/guard.server'
import { Notice, SubmitButton } from '~/components/forms'
import { PersonForm } from '~/components/person-form'
import { getPerson, listPeopleForPicker, resendInvitation, setPersonActive, updatePerson } from '~/org/people.server'
import { listTeams } from '~/org/teams.server'
import { invariantResponse, requireId } from '~/utils/http'
import type { FieldErrors } from '~/utils/result'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.person.name ?? 'Person'} · State of Now` }]

export async function loader({ request, params }: LoaderFunctionArgs) {
	const { org, user } = await requireAdmin(request)
	const person = await getPerson(org.id, requireId(params.personId))
	invariantResponse(person, 'Not found')
	const [teams, managers] = await Promise.all([listTeams(org.id), listPeopleForPicker(org.id)])
	return {
		person,
		isSelf: person.id === user.id,
		teams: teams.map((t) => ({ id: t.id, path: t.path })),
		managers: managers.filter((m) => m.id !== person.id),
	}
}

export async function action({ request, params }: ActionFunctionArgs) {
	const { org, user } = await requireAdmin(request)
	const personId = requireId(params.personId)
	invariantResponse(await getPerson(org.id, personId), 'Not found')
	const form = Object.fromEntries(await request.formData())
	const fail = (errors: FieldErrors) => data({ errors, done: null }, { status: 400 })
	switch (form.intent) {
		case 'save': {
			const r = await updatePerson(org.id, personId, form)
			return r.ok ? { errors: {} as FieldErrors, done: 'Saved.' } : fail(r.errors)
		}
		case 'deactivate':
		case 'activate': {
			const r = await setPersonActive(org.id, personId, form.intent === 'activate', user.id)
			if (!r.ok) return fail(r.errors)
			return { errors: {} as FieldErrors, done: form.intent === 'activate' ? 'Reactivated. They can sign in again.' : 'Deactivated. Their sessions have ended and they can no longer sign in.' }
		}
		case 'invite': {
			const r = await resendInvitation(org.id, personId)
			if (!r.ok) return fail(r.errors)
			return { errors: {} as FieldErrors, done: r.value === 'invitation' ? 'A new invitation is on its way.' : 'A password reset link is on its way.' }
		}
		default:
			return fail({ _form: 'That request was not understood.' })
	}
}

export default function Person() {
	const { person, isSelf, teams, managers } = useLoaderData<typeof loader>()
	const result = useActionData<typeof action>()
	const [params] = useSearchParams()
	return (
		<>
			<BackLink to="/admin/people">People</BackLink>
			<PageHead title={<>{person.name}</>}>
				{person.email} ·{' '}
				{!person.active ? (
					<span className="badge badge-danger">Inactive</span>
				) : person.hasPassword ? (
					<span className="badge badge-ok">Active</span>
				) : (
					<span className="badge badge-warn">Invited, no password yet</span>
				)}
			</PageHead>
			{params.get('added') && !result ? (
				<Notice>
					{person.name} was added; their invitation is in the <Link to="/admin/outbox">outbox</Link>.
				</Notice>
			) : null}
			<Notice>{result?.done}</Notice>
			<div className="card">
				<PersonForm values={person} errors={result?.errors ?? {}} teams={teams} managers={managers} submitLabel="Save changes" />
			</div>
			<div className="card">
				<h2>Access</h2>
				<div className="actions">
					{person.active ? (
						<>
							<Form method="post">
								<SubmitButton className="button button-secondary" name="intent" value="invite" pendingText="Sending…">
									{person.hasPassword ? 'Send a password reset link' : 'Resend the invitation'}
								</SubmitButton>
							</Form>
							{isSelf ? null : (
								<Form method="post">
									<SubmitButton className="button button-danger" name="intent" value="deactivate" pendingText="Deactivating…">
										Deactivate
									</SubmitButton>
								</Form>
							)}
						</>
					) : (
						<Form method="post">
							<SubmitButton className="button" name="intent" value="activate" pendingText="Reactivating…">
								Reactivate
							</SubmitButton>
						</Form>
					)}
				</div>
				<p className="small muted">
					Deactivating ends all of their sessions at once. Their past survey answers stay, without their name, as they always were.
				</p>
			</div>
		</>
	)
}
