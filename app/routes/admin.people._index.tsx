import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData, useSearchParams } from '@remix-run/react'
import { z } from 'zod'

import { requireAdmin } from '~/auth/guard.server'
import { Notice } from '~/components/forms'
import { PageHead, Pager, TableScroll } from '~/components/page'
import { listPeople } from '~/org/people.server'
import { levelLabels, roleLabels } from '~/org/person-schema'
import { teamLabel } from '~/org/team-path'
import { listTeams } from '~/org/teams.server'
import { isUuid } from '~/utils/http'
import { textSchema } from '~/utils/text'
import { roles } from '~db/enums'

export const meta: MetaFunction = () => [{ title: 'People · State of Now' }]

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
	return (
		<>
			<PageHead
				title="People"
				actions={
					<>
						<Link className="button" to="/admin/people/new">
							Add a person
						</Link>
						<Link className="button button-secondary" to="/admin/people/import">
							Import CSV
						</Link>
						<a className="button button-secondary" href="/admin/people/export" download>
							Export CSV
						</a>
					</>
				}
			>
				{total.toLocaleString('en')} {filter.status === 'inactive' ? 'inactive' : filter.status === 'all' ? '' : 'active'} {total === 1 ? 'person' : 'people'}
				{filtered ? ' match the filter' : ''}
			</PageHead>
			{params.get('erased') ? <Notice>The person was erased. The audit log records that an erasure happened, not who it was.</Notice> : null}
			<Form method="get" className="filters" role="search">
				<div className="field">
					<label htmlFor="q">Search</label>
					<input id="q" type="search" name="q" defaultValue={filter.q ?? ''} placeholder="Name or e-mail" />
				</div>
				<div className="field">
					<label htmlFor="team">Team</label>
					<select id="team" name="team" defaultValue={filter.team ?? ''}>
						<option value="">All teams</option>
						{teams.map((t) => (
							<option key={t.id} value={t.id}>
								{teamLabel(t.path)}
							</option>
						))}
					</select>
				</div>
				<div className="field">
					<label htmlFor="role">Role</label>
					<select id="role" name="role" defaultValue={filter.role ?? ''}>
						<option value="">All roles</option>
						{roles.map((r) => (
							<option key={r} value={r}>
								{roleLabels[r]}
							</option>
						))}
					</select>
				</div>
				<div className="field">
					<label htmlFor="status">Status</label>
					<select id="status" name="status" defaultValue={filter.status}>
						<option value="active">Active</option>
						<option value="inactive">Inactive</option>
						<option value="all">All</option>
					</select>
				</div>
				<button type="submit" className="button button-secondary">
					Filter
				</button>
			</Form>
			{people.length === 0 ? (
				<div className="card empty">
					{filtered ? (
						<>
							<strong>No one matches this filter</strong>
							<Link to="/admin/people">Clear the filter</Link>
						</>
					) : (
						<>
							<strong>No people yet</strong>
							<Link to="/admin/people/new">Add a person</Link> or <Link to="/admin/people/import">import a CSV</Link>.
						</>
					)}
				</div>
			) : (
				<TableScroll label="People">
					<table>
						<thead>
							<tr>
								<th scope="col">Name</th>
								<th scope="col" className="hide-sm">
									E-mail
								</th>
								<th scope="col">Team</th>
								<th scope="col" className="hide-sm">
									Role
								</th>
								<th scope="col" className="hide-sm">
									Level
								</th>
								<th scope="col" className="hide-sm">
									Manager
								</th>
								<th scope="col">Status</th>
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
									<td className="hide-sm">{roleLabels[p.role]}</td>
									<td className="hide-sm">{levelLabels[p.level]}</td>
									<td className="hide-sm">{p.managerName ?? <span className="muted">—</span>}</td>
									<td>
										{!p.active ? (
											<span className="badge badge-danger">Inactive</span>
										) : p.invited ? (
											<span className="badge badge-warn">Invited</span>
										) : (
											<span className="badge badge-ok">Active</span>
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
