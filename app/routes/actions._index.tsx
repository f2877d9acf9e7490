import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { useState } from 'react'

import { ACTION_STATUSES, STATUS_LABELS } from '~/actions/action-fields'
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
import { teamLabel } from '~/org/team-path'
import { CULTURE_DIMENSIONS, REPORT_LABELS } from '~/reports/dimensions'
import type { FieldErrors } from '~/utils/result'

export const meta: MetaFunction = () => [{ title: 'Actions · State of Now' }]

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
	const { user } = await requireUser(request, ACTING_ROLES)
	const form = Object.fromEntries([...(await request.formData()).entries()].map(([k, v]) => [k, typeof v === 'string' ? v : '']))
	const r = await createAction(user, form, userActor(user, context))
	if (r.ok) throw redirect(`/actions/${r.value.id}?created=1`)
	return data({ errors: r.errors as FieldErrors, values: form }, { status: 400 })
}

export default function Actions() {
	const d = useLoaderData<typeof loader>()
	const result = useActionData<typeof action>()
	const e = result?.errors ?? {}
	const v = { ...d.defaults, ...(result?.values ?? {}) } as Record<string, string>
	// The owner list follows the chosen team (without JavaScript: the team the page opened with).
	const [teamId, setTeamId] = useState(v.teamId)
	const owners = choicesForTeam(d.owners.people, d.owners.teamsFor, d.owners.self, teamId)
	return (
		<>
			<PageHead title="Actions">What your teams will change after their results, and what it has done to the dimension it targets.</PageHead>
			<a className="button button-quiet" href="/actions/export" download>
				Export CSV
			</a>
			{d.teams.length === 0 ? (
				<EmptyState title="No team to plan for">Your account has no team. Ask your admin to set your team, then plan actions for it and the teams below it.</EmptyState>
			) : (
				<section className="card" aria-labelledby="new-action">
					<h2 id="new-action">Plan an action</h2>
					<Form method="post" noValidate key={result ? 'retry' : 'new'}>
						<FormError error={e._form} />
						<SelectField
							label="Team"
							name="teamId"
							options={d.teams}
							placeholder="Choose a team"
							defaultValue={v.teamId}
							onChange={(event) => setTeamId(event.currentTarget.value)}
							error={e.teamId}
							required
						/>
						<SelectField
							label="Dimension it targets"
							name="dimension"
							options={CULTURE_DIMENSIONS.map((k) => ({ value: k, label: REPORT_LABELS[k] }))}
							placeholder="A comment theme instead (name it below)"
							defaultValue={v.dimension}
							error={e.dimension}
						/>
						<Field label="Comment theme (when no dimension)" name="theme" defaultValue={v.theme} error={e.theme} maxLength={120} />
						<Field label="What will change" name="title" defaultValue={v.title} error={e.title} required maxLength={200} />
						<Field
							label="Owner"
							name="owner"
							list="owner-choices"
							autoComplete="off"
							defaultValue={v.owner}
							error={e.ownerId}
							maxLength={400}
							hint={`Type to search: you, or someone in the action’s team or in a team above or below it (${owners.length} ${owners.length === 1 ? 'person' : 'people'}).`}
						/>
						<datalist id="owner-choices">
							{owners.map((p) => (
								<option key={p.id} value={p.label} />
							))}
						</datalist>
						<div className="form-row">
							<Field label="Starts" name="startedOn" type="date" defaultValue={v.startedOn} error={e.startedOn} hint="Weeks before it are compared with weeks after it." />
							<Field label="Due" name="dueOn" type="date" defaultValue={v.dueOn} error={e.dueOn} required />
						</div>
						<SelectField
							label="Status"
							name="status"
							options={ACTION_STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] }))}
							defaultValue={v.status ?? 'planned'}
							error={e.status}
						/>
						<SubmitButton pendingText="Saving…">Save action</SubmitButton>
					</Form>
				</section>
			)}
			<section className="card" aria-labelledby="all-actions">
				<h2 id="all-actions">Your teams’ actions</h2>
				{d.actions.length ? (
					<ul className="action-list">
						{d.actions.map((a) => (
							<li key={a.id}>
								<ActionCard action={a} link={`/actions/${a.id}`} k={d.k} />
							</li>
						))}
					</ul>
				) : (
					<p className="muted">No action yet. Start from a team’s weakest dimension on its results page.</p>
				)}
			</section>
		</>
	)
}
