import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

import { requireAdmin } from '~/auth/guard.server'
import { BackLink } from '~/components/page'
import { SurveyBuilder } from '~/components/survey-builder'
import { bankTexts, localizeAdminProblems } from '~/i18n/admin-problems.server'
import { adminTitle } from '~/i18n/admin-title'
import { personLocale } from '~/i18n/i18n.server'
import { builderData, builderForm, surveyInput } from '~/surveys/builder-data.server'
import { saveSurvey } from '~/surveys/surveys.server'

export const meta: MetaFunction = ({ matches }) => [{ title: adminTitle(matches, (t) => t('surveys.new')) }]

export async function loader({ request }: LoaderFunctionArgs) {
	const { org, user } = await requireAdmin(request)
	return bankTexts(personLocale(user, org), await builderData(org.id))
}

export async function action({ request }: ActionFunctionArgs) {
	const { org, user } = await requireAdmin(request)
	const form = builderForm(await request.formData())
	const result = await saveSurvey(org.id, null, surveyInput(form))
	if (!result.ok) return data({ errors: localizeAdminProblems(personLocale(user, org), result.errors), form }, { status: 400 })
	throw redirect(`/admin/surveys/${result.value.id}?created=1`)
}

export default function NewSurvey() {
	const { bank, teams, timeZone, defaultK } = useLoaderData<typeof loader>()
	const result = useActionData<typeof action>()
	const f = result?.form.fields
	const { t } = useTranslation('admin')
	// A sensible first pulse: the first autonomy, approval and speed items, and the comment.
	const suggested = ['autonomy', 'approval', 'speed'].map((d) => bank.find((b) => b.dimension === d && b.kind === 'likert')?.id).filter((x): x is string => Boolean(x))
	return (
		<>
			<BackLink to="/admin/surveys">{t('surveys.title')}</BackLink>
			<h1>{t('newSurvey.heading')}</h1>
			<p className="muted">{t('newSurvey.intro')}</p>
			<div className="card">
				<SurveyBuilder
					bank={bank}
					teams={teams}
					timeZone={timeZone}
					errors={result?.errors ?? {}}
					submitLabel={t('newSurvey.submit')}
					headingLevel={2}
					values={{
						// Empty: a pre-filled name made one click a duplicate of the live weekly pulse.
						name: String(f?.name ?? ''),
						itemIds: result?.form.itemIds ?? suggested,
						audience: f?.audience === 'teams' ? 'teams' : 'everyone',
						teamIds: result?.form.teamIds ?? [],
						cadence: String(f?.cadence ?? 'weekly'),
						weekday: Number(f?.weekday ?? 1),
						sendTime: String(f?.sendTime ?? '09:00'),
						openDays: Number(f?.openDays ?? 3),
						reminderDaysBeforeClose: Number(f?.reminderDaysBeforeClose ?? 1),
						anonymityK: Number(f?.anonymityK ?? defaultK),
					}}
				/>
			</div>
		</>
	)
}
