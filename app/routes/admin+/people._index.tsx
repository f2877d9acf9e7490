import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData, useSearchParams } from '@remix-run/react'
import { Trans, useTranslation } from 'react-i18next'
import { z } from 'zod'

import { requireAdmin } from '~/auth/guard.server'
import { Notice } from '~/components/forms'
import { PageHead, Pager, TableScroll } from '~/components/page'
import { adminTitle } from '~/i18n/admin-title'
import { listPeople } from '~/org/people.server'
import { teamLabel } from '~/org/team-path'
import { listTeams } from '~/org/teams.server'
import { isUuid } from '~/utils/http'
import { textSchema } from '~/utils/text'
import { roles } from '~db/enums'

export const meta: MetaFunction = ({ matches }) => [{ title: adminTitle(matches, (t) => t('people.title')) }]

// Unknown filter values are dropped rather than rejected: a bookmarked URL keeps working.
const filterSchema = z.object({
	q: textSchema().trim().max(100).optional().catch(undefined),
	team: z.string().refine(isUuid).optional().catch(undefined),
	role: z.enum(roles).optional().catch(undefined),
	status: z.enum(['active', 'inactive', 'all']).default('active').catch('active'),
	page: z.coerce.number().int().min(1).max(10_000).default(1).catch(1),
})

export async function loader({ request }: LoaderFunctionArgs) {
	const { org } = await requireAdmin(request)
	const f = filterSchema.parse(Object.fromEntries(new URL(request.url).searchParams))
	const [list, teams] = await Promise.all([listPeople(org.id, { q: f.q, teamId: f.team, role: f.role, status: f.status, page: f.page }), listTeams(org.id)])
	return { ...list, teams: teams.map((t) => ({ id: t.id, path: t.path })), filter: f }
}

export default function People() {
	const { people, total, page, pages, teams, filter } = useLoaderData<typeof loader>()
	const [params] = useSearchParams()
	const filtered = Boolean(filter.q || filter.team || filter.role || filter.status !== 'active')
	const { t } = useTranslation('admin')
	const { t: tApp } = useTranslation('app')
	return (
		<>
			<PageHead
				title={t('people.title')}
				actions={
					<>
						<Link className="button" to="/admin/people/new">
							{t('people.add')}
						</Link>
						<Link className="button button-secondary" to="/admin/people/import">
							{t('people.import')}
						</Link>
						<a className="button button-secondary" href="/admin/people/export" download>
							{t('people.export')}
						</a>
					</>
				}
			>
				{filtered ? t(`people.countFiltered.${filter.status}`, { count: total }) : t(`people.count.${filter.status}`, { count: total })}
			</PageHead>
			{params.get('erased') ? <Notice>{t('people.erased')}</Notice> : null}
			<Form method="get" className="filters" role="search">
				<div className="field">
					<label htmlFor="q">{t('people.search')}</label>
					<input id="q" type="search" name="q" defaultValue={filter.q ?? ''} placeholder={t('people.searchPlaceholder')} />
				</div>
				<div className="field">
					<label htmlFor="team">{t('people.team')}</label>
					<select id="team" name="team" defaultValue={filter.team ?? ''}>
						<option value="">{t('people.allTeams')}</option>
						{teams.map((t) => (
							<option key={t.id} value={t.id}>
								{teamLabel(t.path)}
							</option>
						))}
					</select>
				</div>
				<div className="field">
					<label htmlFor="role">{t('people.role')}</label>
					<select id="role" name="role" defaultValue={filter.role ?? ''}>
						<option value="">{t('people.allRoles')}</option>
						{roles.map((r) => (
							<option key={r} value={r}>
								{tApp(`roles.${r}`)}
							</option>
						))}
					</select>
				</div>
				<div className="field">
					<label htmlFor="status">{t('people.status')}</label>
					<select id="status" name="status" defaultValue={filter.status}>
						<option value="active">{t('people.statuses.active')}</option>
						<option value="inactive">{t('people.statuses.inactive')}</option>
						<option value="all">{t('people.statuses.all')}</option>
					</select>
				</div>
				<button type="submit" className="button button-secondary">
					{t('filters.submit')}
				</button>
			</Form>
			{people.length === 0 ? (
				<div className="card empty">
					{filtered ? (
						<>
							<strong>{t('people.noMatch')}</strong>
							<Link to="/admin/people">{t('filters.clear')}</Link>
						</>
					) : (
						<>
							<strong>{t('people.empty')}</strong>
							<span>
								<Trans t={t} i18nKey="people.emptyHint" components={{ add: <Link to="/admin/people/new" />, import: <Link to="/admin/people/import" /> }} />
							</span>
						</>
					)}
				</div>
			) : (
				<TableScroll label={t('people.title')}>
					<table>
						<thead>
							<tr>
								<th scope="col">{t('people.name')}</th>
								<th scope="col" className="hide-sm">
									{tApp('fields.email')}
								</th>
								<th scope="col">{t('people.team')}</th>
								<th scope="col" className="hide-sm">
									{t('people.role')}
								</th>
								<th scope="col" className="hide-sm">
									{t('people.level')}
								</th>
								<th scope="col" className="hide-sm">
									{t('people.manager')}
								</th>
								<th scope="col">{t('people.status')}</th>
							</tr>
						</thead>
						<tbody>
							{people.map((p) => (
								<tr key={p.id}>
									<td>
										<Link to={`/admin/people/${p.id}`}>{p.name}</Link>
									</td>
									<td className="hide-sm">{p.email}</td>
									<td>{p.teamPath ? teamLabel(p.teamPath) : <span className="muted">—</span>}</td>
									<td className="hide-sm">{tApp(`roles.${p.role}`)}</td>
									<td className="hide-sm">{t(`people.levels.${p.level}`)}</td>
									<td className="hide-sm">{p.managerName ?? <span className="muted">—</span>}</td>
									<td>
										{!p.active ? (
											<span className="badge badge-danger">{t('people.statuses.inactive')}</span>
										) : p.invited ? (
											<span className="badge badge-warn">{t('people.statuses.invited')}</span>
										) : (
											<span className="badge badge-ok">{t('people.statuses.active')}</span>
										)}
									</td>
								</tr>
							))}
						</tbody>
					</table>
				</TableScroll>
			)}
			<Pager page={page} pages={pages} />
		</>
	)
}
