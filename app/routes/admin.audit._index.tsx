import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData, useSearchParams } from '@remix-run/react'

import { auditActions, auditFilterFrom, listAudit } from '~/audit/audit.server'
import { requireAdmin } from '~/auth/guard.server'
import { PageHead, Pager, TableScroll } from '~/components/page'

export const meta: MetaFunction = () => [{ title: 'Audit log · State of Now' }]

export async function loader({ request }: LoaderFunctionArgs) {
	const { org } = await requireAdmin(request)
	const filter = auditFilterFrom(new URL(request.url).searchParams)
	const list = await listAudit(org.id, org.timeZone, filter)
	// The list of actions travels in the data: a *.server module's constants do not reach the browser bundle.
	return { ...list, filter, timeZone: org.timeZone, actions: auditActions }
}

export default function AuditLog() {
	const { events, total, page, pages, filter, timeZone, actions } = useLoaderData<typeof loader>()
	const [params] = useSearchParams()
	const exportParams = new URLSearchParams(params)
	exportParams.delete('page')
	const filtered = Boolean(filter.action || filter.actor || filter.from || filter.to)
	return (
		<>
			<PageHead
				title="Audit log"
				actions={
					<a className="button button-secondary" href={`/admin/audit/export?${exportParams}`} download>
						Export CSV
					</a>
				}
			>
				{total.toLocaleString('en')} {total === 1 ? 'event' : 'events'}
				{filtered ? ' match the filter' : ''}. Sign-ins, changes of roles and settings, exports and API reads: who, what, when and from where. Never who answered a pulse or what.
			</PageHead>
			<Form method="get" className="filters" role="search">
				<div className="field">
					<label htmlFor="action">Action</label>
					<select id="action" name="action" defaultValue={filter.action ?? ''}>
						<option value="">All actions</option>
						{actions.map((a) => (
							<option key={a} value={a}>
								{a}
							</option>
						))}
					</select>
				</div>
				<div className="field">
					<label htmlFor="actor">Actor</label>
					<input id="actor" type="search" name="actor" defaultValue={filter.actor ?? ''} placeholder="Name, e-mail, system, api key" />
				</div>
				<div className="field">
					<label htmlFor="from">From</label>
					<input id="from" type="date" name="from" defaultValue={filter.from ?? ''} />
				</div>
				<div className="field">
					<label htmlFor="to">To</label>
					<input id="to" type="date" name="to" defaultValue={filter.to ?? ''} />
				</div>
				<button type="submit" className="button button-secondary">
					Filter
				</button>
			</Form>
			{events.length === 0 ? (
				<div className="card empty">
					<strong>{filtered ? 'No event matches this filter' : 'No events yet'}</strong>
					{filtered ? <Link to="/admin/audit">Clear the filter</Link> : null}
				</div>
			) : (
				<TableScroll label="Audit events">
					<table>
						<thead>
							<tr>
								<th scope="col">When ({timeZone})</th>
								<th scope="col">Actor</th>
								<th scope="col">Action</th>
								<th scope="col">Target</th>
								<th scope="col" className="hide-sm">
									Detail
								</th>
								<th scope="col" className="hide-sm">
									From
								</th>
							</tr>
						</thead>
						<tbody>
							{events.map((e) => (
								<tr key={e.id}>
									<td>
										<time dateTime={e.at}>{new Date(e.at).toLocaleString('en-GB', { timeZone })}</time>
									</td>
									<td>
										{e.actor}
										{e.actorRole ? <span className="muted small"> ({e.actorRole})</span> : null}
									</td>
									<td>
										<code>{e.action}</code>
									</td>
									<td>{e.target ?? <span className="muted">—</span>}</td>
									<td className="hide-sm small">{e.detail ?? <span className="muted">—</span>}</td>
									<td className="hide-sm">{e.ip ?? <span className="muted">—</span>}</td>
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
