import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

import { requireAdmin } from '~/auth/guard.server'
import { BackLink } from '~/components/page'
import { PersonForm } from '~/components/person-form'
import { localizeAdminProblems } from '~/i18n/admin-problems.server'
import { adminTitle } from '~/i18n/admin-title'
import { personLocale } from '~/i18n/i18n.server'
import { createPerson, listPeopleForPicker } from '~/org/people.server'
import { listTeams } from '~/org/teams.server'

export const meta: MetaFunction = ({ matches }) => [{ title: adminTitle(matches, (t) => t('people.add')) }]

export async function loader({ request }: LoaderFunctionArgs) {
	const { org } = await requireAdmin(request)
	const [teams, managers] = await Promise.all([listTeams(org.id), listPeopleForPicker(org.id)])
	return { teams: teams.map((t) => ({ id: t.id, path: t.path })), managers }
}

export async function action({ request }: ActionFunctionArgs) {
	const { org, user } = await requireAdmin(request)
	const form = Object.fromEntries(await request.formData())
	const result = await createPerson(org.id, form)
	if (!result.ok) return data({ errors: localizeAdminProblems(personLocale(user, org), result.errors), values: form as Record<string, string> }, { status: 400 })
	throw redirect(`/admin/people/${result.value.id}?added=1`)
}

export default function NewPerson() {
	const { teams, managers } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const v = actionData?.values
	const { t } = useTranslation('admin')
	return (
		<>
			<BackLink to="/admin/people">{t('people.title')}</BackLink>
			<h1>{t('people.add')}</h1>
			<p className="muted">{t('newPerson.intro')}</p>
			<div className="card">
				<PersonForm
					values={v ? { email: v.email ?? '', name: v.name ?? '', role: v.role ?? '', level: v.level ?? '', teamId: v.teamId || null, managerId: v.managerId || null } : undefined}
					errors={actionData?.errors ?? {}}
					teams={teams}
					managers={managers}
					submitLabel={t('newPerson.submit')}
				/>
			</div>
		</>
	)
}
