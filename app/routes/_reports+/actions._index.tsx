import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'

import { ACTION_STATUSES } from '~/actions/action-fields'
import { choicesForTeam } from '~/actions/action-owner-choices'
import { ownerChoices } from '~/actions/action-owners.server'
import { createAction, orgToday } from '~/actions/create-action.server'
import { listMeasuredActions } from '~/actions/list-measured-actions.server'
import { userActor } from '~/audit/audit.server'
import { requireUser } from '~/auth/guard.server'
import { ACTING_ROLES, actingTeams, actionListTeams, teamTree } from '~/auth/permissions.server'
import { ActionCard } from '~/components/actions/action-card'
import { Field, FormError, SelectField, SubmitButton } from '~/components/forms'
import { EmptyState, PageHead } from '~/components/page'
import { personLocale } from '~/i18n/i18n.server'
import { metaT } from '~/i18n/react'
import { localizeReportProblems } from '~/i18n/report-problems.server'
import { teamLabel } from '~/org/team-path'
import { CULTURE_DIMENSIONS } from '~/reports/dimensions'
import type { FieldErrors } from '~/utils/result'

export const meta: MetaFunction = ({ matches }) => {
	const t = metaT(matches)
	return [{ title: t('meta.title', { page: t('page.actions', { ns: 'reports' }) }) }]
}

export async function loader({ request }: LoaderFunctionArgs) {
	const { user, org } = await requireUser(request, ACTING_ROLES)
	const tree = await teamTree(org.id)
	const reach = actingTeams(user, tree)
	const params = new URL(request.url).searchParams
	const [actions, owners, today] = await Promise.all([listMeasuredActions(org.id, { teamIds: actionListTeams(user, reach) }), ownerChoices(user), orgToday(org.id)])
	const team = params.get('team') ?? user.teamId ?? ''
	const dimension = params.get('dimension') ?? ''
	return {
		actions,
		teams: tree.filter((t) => reach.has(t.id)).map((t) => ({ value: t.id, label: teamLabel(t.path) })),
		owners: { people: owners.people.map(({ label, teamId, id }) => ({ label, teamId, id })), teamsFor: owners.teamsFor, self: user.id },
		defaults: {
			teamId: reach.has(team) ? team : '',
			dimension: (CULTURE_DIMENSIONS as readonly string[]).includes(dimension) ? dimension : '',
			ownerId: user.id,
			owner: owners.people.find((p) => p.id === user.id)?.label ?? '',
			startedOn: today,
		},
		k: org.anonymityK,
	}
}

export async function action({ request, context }: ActionFunctionArgs) {
	const { user, org } = await requireUser(request, ACTING_ROLES)
	const form = Object.fromEntries([...(await request.formData()).entries()].map(([k, v]) => [k, typeof v === 'string' ? v : '']))
	const r = await createAction(user, form, userActor(user, context))
	if (r.ok) throw redirect(`/actions/${r.value.id}?created=1`)
	return data({ errors: localizeReportProblems(personLocale(user, org), r.errors as FieldErrors), values: form }, { status: 400 })
}

export default function Actions() {
	const d = useLoaderData<typeof loader>()
	const { t } = useTranslation('reports')
	const result = useActionData<typeof action>()
	const e = result?.errors ?? {}
	const v = { ...d.defaults, ...(result?.values ?? {}) } as Record<string, string>
	// The owner list follows the chosen team (without JavaScript: the team the page opened with).
	const [teamId, setTeamId] = useState(v.teamId)
	const owners = choicesForTeam(d.owners.people, d.owners.teamsFor, d.owners.self, teamId)
	return (
		<>
			<PageHead title={t('page.actions')}>{t('actions.intro')}</PageHead>
			<a className="button button-quiet" href="/actions/export" download>
				{t('filters.export')}
			</a>
			{d.teams.length === 0 ? (
				<EmptyState title={t('actions.noTeamTitle')}>{t('actions.noTeamText')}</EmptyState>
			) : (
				<section className="card" aria-labelledby="new-action">
					<h2 id="new-action">{t('results.plan')}</h2>
					<Form method="post" noValidate key={result ? 'retry' : 'new'}>
						<FormError error={e._form} />
						<SelectField
							label={t('filters.team')}
							name="teamId"
							options={d.teams}
							placeholder={t('results.chooseTeam')}
							defaultValue={v.teamId}
							onChange={(event) => setTeamId(event.currentTarget.value)}
							error={e.teamId}
							required
						/>
						<SelectField
							label={t('actions.dimension')}
							name="dimension"
							options={CULTURE_DIMENSIONS.map((k) => ({ value: k, label: t(`dimensions.${k}`) }))}
							placeholder={t('actions.themeInstead')}
							defaultValue={v.dimension}
							error={e.dimension}
						/>
						<Field label={t('actions.theme')} name="theme" defaultValue={v.theme} error={e.theme} maxLength={120} />
						<Field label={t('actions.what')} name="title" defaultValue={v.title} error={e.title} required maxLength={200} />
						<Field
							label={t('actions.ownerLabel')}
							name="owner"
							list="owner-choices"
							autoComplete="off"
							defaultValue={v.owner}
							error={e.ownerId}
							maxLength={400}
							hint={t('actions.ownerHint', { count: owners.length })}
						/>
						<datalist id="owner-choices">
							{owners.map((p) => (
								<option key={p.id} value={p.label} />
							))}
						</datalist>
						<div className="form-row">
							<Field label={t('actions.starts')} name="startedOn" type="date" defaultValue={v.startedOn} error={e.startedOn} hint={t('actions.startsHint')} />
							<Field label={t('actions.dueLabel')} name="dueOn" type="date" defaultValue={v.dueOn} error={e.dueOn} required />
						</div>
						<SelectField
							label={t('actions.status')}
							name="status"
							options={ACTION_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))}
							defaultValue={v.status ?? 'planned'}
							error={e.status}
						/>
						<SubmitButton pendingText={t('app:forms.saving')}>{t('actions.save')}</SubmitButton>
					</Form>
				</section>
			)}
			<section className="card" aria-labelledby="all-actions">
				<h2 id="all-actions">{t('actions.yours')}</h2>
				{d.actions.length ? (
					<ul className="action-list">
						{d.actions.map((a) => (
							<li key={a.id}>
								<ActionCard action={a} link={`/actions/${a.id}`} k={d.k} />
							</li>
						))}
					</ul>
				) : (
					<p className="muted">{t('actions.none')}</p>
				)}
			</section>
		</>
	)
}
