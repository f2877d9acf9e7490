import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'

import { requireAdmin } from '~/auth/guard.server'
import { Field, FormError, Notice, SelectField, SubmitButton } from '~/components/forms'
import { EmptyState, PageHead } from '~/components/page'
import { teamLabel } from '~/org/team-path'
import { createTeam, deleteTeam, listTeams, renameTeam } from '~/org/teams.server'
import { requireId } from '~/utils/http'
import { countOf } from '~/utils/plural'
import type { FieldErrors } from '~/utils/result'

export const meta: MetaFunction = () => [{ title: 'Teams · State of Now' }]

export async function loader({ request }: LoaderFunctionArgs) {
	const { org } = await requireAdmin(request)
	return { teams: await listTeams(org.id) }
}

const intentSchema = z.discriminatedUnion('intent', [
	z.object({ intent: z.literal('create'), name: z.string(), parentId: z.string().optional() }),
	z.object({ intent: z.literal('rename'), teamId: z.string(), name: z.string() }),
	z.object({ intent: z.literal('delete'), teamId: z.string() }),
])

export async function action({ request }: ActionFunctionArgs) {
	const { org } = await requireAdmin(request)
	const parsed = intentSchema.safeParse(Object.fromEntries(await request.formData()))
	if (!parsed.success) return data({ intent: 'unknown', teamId: null, errors: { _form: 'That request was not understood.' } as FieldErrors, done: null }, { status: 400 })
	const input = parsed.data
	const result =
		input.intent === 'create'
			? await createTeam(org.id, { name: input.name, parentId: input.parentId ? requireId(input.parentId) : null })
			: input.intent === 'rename'
				? await renameTeam(org.id, requireId(input.teamId), input.name)
				: await deleteTeam(org.id, requireId(input.teamId))
	const teamId = 'teamId' in input ? input.teamId : null
	if (!result.ok) return data({ intent: input.intent, teamId, errors: result.errors, done: null }, { status: 400 })
	const done = input.intent === 'create' ? `Added ${result.value!.path}.` : input.intent === 'rename' ? `Renamed to ${result.value!.path}.` : 'Team deleted.'
	return { intent: input.intent, teamId, errors: {} as FieldErrors, done }
}

export default function Teams() {
	const { teams } = useLoaderData<typeof loader>()
	const result = useActionData<typeof action>()
	const createErrors = result?.intent === 'create' ? result.errors : {}
	return (
		<>
			<PageHead title="Teams">Results roll up this tree: a team's figures include its sub-teams.</PageHead>
			<Notice>{result?.done}</Notice>
			{result && result.intent !== 'create' && result.errors._form ? <FormError error={result.errors._form} /> : null}
			<div className="card">
				<h2>Add a team</h2>
				<Form method="post" className="form-row" noValidate>
					<input type="hidden" name="intent" value="create" />
					<Field label="Team name" name="name" required placeholder="e.g. Social" error={createErrors.name} />
					<SelectField
						label="Inside"
						name="parentId"
						placeholder="— top level —"
						options={teams.map((t) => ({ value: t.id, label: teamLabel(t.path) }))}
						error={createErrors.parentId}
					/>
					<div className="field" style={{ alignSelf: 'end' }}>
						<SubmitButton name="intent" value="create" pendingText="Adding…">
							Add team
						</SubmitButton>
					</div>
				</Form>
			</div>
			{teams.length === 0 ? (
				<EmptyState title="No teams yet">
					Add your first team above, or <Link to="/admin/people/import">import people from a CSV</Link>: teams named in the file are created for you.
				</EmptyState>
			) : (
				<div className="card" style={{ padding: 0 }}>
					<ul className="tree" aria-label="Team tree">
						{teams.map((t) => (
							<li key={t.id} style={{ paddingLeft: `${0.75 + t.depth * 1.5}rem` }}>
								<span className="team-name">
									{t.depth > 0 ? <span aria-hidden="true">↳ </span> : null}
									{t.name}
								</span>
								<span className="team-meta">
									{countOf(t.members, 'person', 'people')}
									{t.membersWithSubteams !== t.members ? ` · ${t.membersWithSubteams} with sub-teams` : ''}
									<span className="sr-only"> in {t.path}</span>
								</span>
								<span className="team-actions">
									<Link className="button button-quiet button-small" to={`/admin/people?team=${t.id}`}>
										People
									</Link>
									<details>
										<summary>Rename</summary>
										<Form method="post" className="inline-form">
											<input type="hidden" name="teamId" value={t.id} />
											<Field
												label={`New name for ${t.path}`}
												name="name"
												defaultValue={t.name}
												required
												error={result?.intent === 'rename' && result.teamId === t.id ? result.errors.name : undefined}
											/>
											<SubmitButton className="button button-small" name="intent" value="rename">
												Save
											</SubmitButton>
										</Form>
									</details>
									<Form
										method="post"
										onSubmit={(e) => {
											if (!confirm(`Delete the team ${t.path}?`)) e.preventDefault()
										}}
									>
										<input type="hidden" name="teamId" value={t.id} />
										<button type="submit" name="intent" value="delete" className="button button-danger button-small" aria-label={`Delete ${t.path}`}>
											Delete
										</button>
									</Form>
								</span>
							</li>
						))}
					</ul>
				</div>
			)}
		</>
	)
}
