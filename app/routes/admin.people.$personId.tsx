import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'

import { userActor } from '~/audit/audit.server'
import { requireAdmin } from '~/auth/guard.server'
import { Field, FormError, Notice, SubmitButton } from '~/components/forms'
import { BackLink, PageHead } from '~/components/page'
import { PersonForm } from '~/components/person-form'
import { erasePerson } from '~/org/erasure.server'
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

export async function action({ request, params, context }: ActionFunctionArgs) {
	const { org, user } = await requireAdmin(request)
	const personId = requireId(params.personId)
	const person = await getPerson(org.id, personId)
	invariantResponse(person, 'Not found')
	const form = Object.fromEntries(await request.formData())
	const fail = (errors: FieldErrors) => data({ errors, done: null }, { status: 400 })
	switch (form.intent) {
		case 'save': {
			const r = await updatePerson(org.id, personId, form, userActor(user, context))
			return r.ok ? { errors: {} as FieldErrors, done: 'Saved.' } : fail(r.errors)
		}
		case 'deactivate':
		case 'activate': {
			const r = await setPersonActive(org.id, personId, form.intent === 'activate', user.id, userActor(user, context))
			if (!r.ok) return fail(r.errors)
			return {
				errors: {} as FieldErrors,
				done: form.intent === 'activate' ? 'Reactivated. They can sign in again.' : 'Deactivated. Their sessions have ended and they can no longer sign in.',
			}
		}
		case 'invite': {
			const r = await resendInvitation(org.id, personId)
			if (!r.ok) return fail(r.errors)
			return { errors: {} as FieldErrors, done: r.value === 'invitation' ? 'A new invitation is on its way.' : 'A password reset link is on its way.' }
		}
		case 'erase': {
			// The confirmation step: their e-mail address typed again, so no stray click erases anyone.
			if (typeof form.confirmEmail !== 'string' || form.confirmEmail.trim().toLowerCase() !== person.email)
				return fail({ confirmEmail: `Type ${person.email} to confirm the erasure.` })
			const r = await erasePerson(org.id, personId, { actor: userActor(user, context), actingUserId: user.id })
			if (!r.ok) return fail(r.errors)
			throw redirect('/admin/people?erased=1')
		}
		default:
			return fail({ _form: 'That request was not understood.' })
	}
}

export default function Person() {
	const { person, isSelf, teams, managers } = useLoaderData<typeof loader>()
	const result = useActionData<typeof action>()
	const [params] = useSearchParams()
	const errors: Record<string, string | undefined> = result?.errors ?? {}
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
				<p className="small muted">Deactivating ends all of their sessions at once. Their past survey answers stay, without their name, as they always were.</p>
			</div>
			{isSelf ? null : (
				<div className="card">
					<h2>Erase this person</h2>
					<p className="small muted">
						For a request to be forgotten (GDPR Art. 17). Their name, e-mail address, sessions, pulse invitations and e-mails are deleted for good; their anonymous answers stay, as
						they link to nobody, and released figures do not change. The audit log records that a person was erased, not who. This cannot be undone.
					</p>
					<details open={Boolean(errors.confirmEmail)}>
						<summary className="button button-danger">Erase…</summary>
						<Form method="post" noValidate>
							<FormError error={errors._form} />
							<Field label={`Type ${person.email} to confirm`} name="confirmEmail" autoComplete="off" required error={errors.confirmEmail} />
							<SubmitButton className="button button-danger" name="intent" value="erase" pendingText="Erasing…">
								Erase {person.name} for good
							</SubmitButton>
						</Form>
					</details>
				</div>
			)}
		</>
	)
}
