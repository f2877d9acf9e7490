import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { Trans, useTranslation } from 'react-i18next'
import { z } from 'zod'

import { requireAdmin } from '~/auth/guard.server'
import { Field, FormError, Notice, SelectField, SubmitButton } from '~/components/forms'
import { EmptyState, PageHead } from '~/components/page'
import { localizeAdminProblems } from '~/i18n/admin-problems.server'
import { adminTitle } from '~/i18n/admin-title'
import { fixedT, personLocale } from '~/i18n/i18n.server'
import { teamLabel } from '~/org/team-path'
import { createTeam, deleteTeam, listTeams, renameTeam } from '~/org/teams.server'
import { requireId } from '~/utils/http'
import type { FieldErrors } from '~/utils/result'

export const meta: MetaFunction = ({ matches }) => [{ title: adminTitle(matches, (t) => t('teams.title')) }]

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
	const { org, user } = await requireAdmin(request)
	const locale = personLocale(user, org)
	const parsed = intentSchema.safeParse(Object.fromEntries(await request.formData()))
	if (!parsed.success)
		return data({ intent: 'unknown', teamId: null, errors: localizeAdminProblems(locale, { _form: 'That request was not understood.' }), done: null }, { status: 400 })
	const input = parsed.data
	const result =
		input.intent === 'create'
			? await createTeam(org.id, { name: input.name, parentId: input.parentId ? requireId(input.parentId) : null })
			: input.intent === 'rename'
				? await renameTeam(org.id, requireId(input.teamId), input.name)
				: await deleteTeam(org.id, requireId(input.teamId))
	const teamId = 'teamId' in input ? input.teamId : null
	if (!result.ok) return data({ intent: input.intent, teamId, errors: localizeAdminProblems(locale, result.errors), done: null }, { status: 400 })
	const t = fixedT(locale, 'admin')
	const done =
		input.intent === 'create' ? t('teams.added', { path: result.value!.path }) : input.intent === 'rename' ? t('teams.renamed', { path: result.value!.path }) : t('teams.deleted')
	return { intent: input.intent, teamId, errors: {} as FieldErrors, done }
}

export default function Teams() {
	const { teams } = useLoaderData<typeof loader>()
	const result = useActionData<typeof action>()
	const createErrors = result?.intent === 'create' ? result.errors : {}
	const { t } = useTranslation('admin')
	const { t: tApp } = useTranslation('app')
	return (
		<>
			<PageHead title={t('teams.title')}>{t('teams.intro')}</PageHead>
			<Notice>{result?.done}</Notice>
			{result && result.intent !== 'create' && result.errors._form ? <FormError error={result.errors._form} /> : null}
			<div className="card">
				<h2>{t('teams.add')}</h2>
				<Form method="post" className="form-row" noValidate>
					<input type="hidden" name="intent" value="create" />
					<Field label={t('teams.name')} name="name" required placeholder={t('teams.namePlaceholder')} error={createErrors.name} />
					<SelectField
						label={t('teams.inside')}
						name="parentId"
						placeholder={t('teams.topLevel')}
						options={teams.map((t) => ({ value: t.id, label: teamLabel(t.path) }))}
						error={createErrors.parentId}
					/>
					<div className="field" style={{ alignSelf: 'end' }}>
						<SubmitButton name="intent" value="create" pendingText={t('teams.adding')}>
							{t('teams.addSubmit')}
						</SubmitButton>
					</div>
				</Form>
			</div>
			{teams.length === 0 ? (
				<EmptyState title={t('teams.empty')}>
					<span>
						<Trans t={t} i18nKey="teams.emptyHint" components={{ import: <Link to="/admin/people/import" /> }} />
					</span>
				</EmptyState>
			) : (
				<div className="card" style={{ padding: 0 }}>
					<ul className="tree" aria-label={t('teams.tree')}>
						{teams.map((team) => (
							<li key={team.id} style={{ paddingLeft: `${0.75 + team.depth * 1.5}rem` }}>
								<span className="team-name">
									{team.depth > 0 ? <span aria-hidden="true">↳ </span> : null}
									{team.name}
								</span>
								<span className="team-meta">
									{t('teams.members', { count: team.members })}
									{team.membersWithSubteams !== team.members ? ` · ${t('teams.withSubteams', { count: team.membersWithSubteams })}` : ''}
									<span className="sr-only"> {t('teams.in', { path: team.path })}</span>
								</span>
								<span className="team-actions">
									<Link className="button button-quiet button-small" to={`/admin/people?team=${team.id}`}>
										{t('people.title')}
									</Link>
									<details>
										<summary>{t('teams.rename')}</summary>
										<Form method="post" className="inline-form">
											<input type="hidden" name="teamId" value={team.id} />
											<Field
												label={t('teams.newName', { path: team.path })}
												name="name"
												defaultValue={team.name}
												required
												error={result?.intent === 'rename' && result.teamId === team.id ? result.errors.name : undefined}
											/>
											<SubmitButton className="button button-small" name="intent" value="rename">
												{tApp('forms.save')}
											</SubmitButton>
										</Form>
									</details>
									<Form
										method="post"
										onSubmit={(e) => {
											if (!confirm(t('teams.confirmDelete', { path: team.path }))) e.preventDefault()
										}}
									>
										<input type="hidden" name="teamId" value={team.id} />
										<button type="submit" name="intent" value="delete" className="button button-danger button-small" aria-label={t('teams.deleteLabel', { path: team.path })}>
											{t('teams.delete')}
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
