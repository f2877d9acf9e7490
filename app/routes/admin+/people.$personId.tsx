import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { Trans, useTranslation } from 'react-i18next'

import { userActor } from '~/audit/audit.server'
import { requireAdmin } from '~/auth/guard.server'
import { Field, FormError, Notice, SubmitButton } from '~/components/forms'
import { BackLink, PageHead } from '~/components/page'
import { PersonForm } from '~/components/person-form'
import { localizeAdminProblems } from '~/i18n/admin-problems.server'
import { adminTitle } from '~/i18n/admin-title'
import { fixedT, personLocale } from '~/i18n/i18n.server'
import { erasePerson } from '~/org/erasure.server'
import { getPerson, listPeopleForPicker, resendInvitation, setPersonActive, updatePerson } from '~/org/people.server'
import { listTeams } from '~/org/teams.server'
import { invariantResponse, requireId } from '~/utils/http'
import type { FieldErrors } from '~/utils/result'

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [{ title: adminTitle(matches, (t) => data?.person.name ?? t('person.title')) }]

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
	const locale = personLocale(user, org)
	const t = fixedT(locale, 'admin')
	const fail = (errors: FieldErrors) => data({ errors: localizeAdminProblems(locale, errors), done: null }, { status: 400 })
	const done = (text: string) => ({ errors: {} as FieldErrors, done: text })
	switch (form.intent) {
		case 'save': {
			const r = await updatePerson(org.id, personId, form, userActor(user, context))
			return r.ok ? done(t('person.done.saved')) : fail(r.errors)
		}
		case 'deactivate':
		case 'activate': {
			const r = await setPersonActive(org.id, personId, form.intent === 'activate', user.id, userActor(user, context))
			if (!r.ok) return fail(r.errors)
			return done(form.intent === 'activate' ? t('person.done.reactivated') : t('person.done.deactivated'))
		}
		case 'invite': {
			const r = await resendInvitation(org.id, personId)
			if (!r.ok) return fail(r.errors)
			return done(r.value === 'invitation' ? t('person.done.invited') : t('person.done.resetSent'))
		}
		case 'erase': {
			// The confirmation step: their e-mail address typed again, so no stray click erases anyone.
			if (typeof form.confirmEmail !== 'string' || form.confirmEmail.trim().toLowerCase() !== person.email)
				return fail({ confirmEmail: t('person.confirmError', { email: person.email }) })
			const r = await erasePerson(org.id, personId, { actor: userActor(user, context), actingUserId: user.id })
			if (!r.ok) return fail(r.errors)
			throw redirect('/admin/people?erased=1')
		}
		default:
			return fail({ _form: 'That request was not understood.' })
	}
}

export default function Person() {
	const { t } = useTranslation('admin')
	const { person, isSelf, teams, managers } = useLoaderData<typeof loader>()
	const result = useActionData<typeof action>()
	const [params] = useSearchParams()
	const errors: Record<string, string | undefined> = result?.errors ?? {}
	return (
		<>
			<BackLink to="/admin/people">{t('people.title')}</BackLink>
			<PageHead title={<>{person.name}</>}>
				{person.email} ·{' '}
				{!person.active ? (
					<span className="badge badge-danger">{t('people.statuses.inactive')}</span>
				) : person.hasPassword ? (
					<span className="badge badge-ok">{t('people.statuses.active')}</span>
				) : (
					<span className="badge badge-warn">{t('person.invitedNoPassword')}</span>
				)}
			</PageHead>
			{params.get('added') && !result ? (
				<Notice>
					<Trans t={t} i18nKey="person.added" values={{ name: person.name }} components={{ outbox: <Link to="/admin/outbox" /> }} />
				</Notice>
			) : null}
			<Notice>{result?.done}</Notice>
			<div className="card">
				<PersonForm values={person} errors={result?.errors ?? {}} teams={teams} managers={managers} submitLabel={t('person.save')} />
			</div>
			<div className="card">
				<h2>{t('person.access')}</h2>
				<div className="actions">
					{person.active ? (
						<>
							<Form method="post">
								<SubmitButton className="button button-secondary" name="intent" value="invite" pendingText={t('person.sending')}>
									{person.hasPassword ? t('person.sendReset') : t('person.resendInvitation')}
								</SubmitButton>
							</Form>
							{isSelf ? null : (
								<Form method="post">
									<SubmitButton className="button button-danger" name="intent" value="deactivate" pendingText={t('person.deactivating')}>
										{t('person.deactivate')}
									</SubmitButton>
								</Form>
							)}
						</>
					) : (
						<Form method="post">
							<SubmitButton className="button" name="intent" value="activate" pendingText={t('person.reactivating')}>
								{t('person.reactivate')}
							</SubmitButton>
						</Form>
					)}
				</div>
				<p className="small muted">{t('person.deactivateNote')}</p>
			</div>
			{isSelf ? null : (
				<div className="card">
					<h2>{t('person.eraseTitle')}</h2>
					<p className="small muted">{t('person.eraseText')}</p>
					<details open={Boolean(errors.confirmEmail)}>
						<summary className="button button-danger">{t('person.eraseOpen')}</summary>
						<Form method="post" noValidate>
							<FormError error={errors._form} />
							<Field label={t('person.confirmLabel', { email: person.email })} name="confirmEmail" autoComplete="off" required error={errors.confirmEmail} />
							<SubmitButton className="button button-danger" name="intent" value="erase" pendingText={t('person.erasing')}>
								{t('person.eraseSubmit', { name: person.name })}
							</SubmitButton>
						</Form>
					</details>
				</div>
			)}
		</>
	)
}
