import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData, useSearchParams } from '@remix-run/react'

import { AUDIT_ACTION_LABELS, auditActions } from '~/audit/actions'
import { auditFilterFrom, listAudit } from '~/audit/audit.server'
import { requireAdmin } from '~/auth/guard.server'
import { PageHead, Pager } from '~/components/page'

export const meta: MetaFunction = () => [{ title: 'Audit log · State of Now' }]

export async function loader({ request }: LoaderFunctionArgs) {
	const { org } = await requireAdmin(request)
	const filter = auditFilterFrom(new URL(request.url).searchParams)
	const list = await listAudit(org.id, org.timeZone, filter)
	return { ...list, filter, timeZone: org.timeZone }
}

export default function AuditLog() {
	const { events, total, page, pages, filter, timeZone } = useLoaderData<typeof loader>()
	const [params] = useSearchParams()
	const exportParams = new URLSearchParams(params)
	exportParams.delete('page')
	const filtered = Boolean(filter.action || filter.person || filter.from || filter.to)
	// Alphabetical by what an admin reads, not by code.
	const actions = [...auditActions].sort((a, b) => AUDIT_ACTION_LABELS[a].localeCompare(AUDIT_ACTION_LABELS[b]))
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
								{AUDIT_ACTION_LABELS[a]}
							</option>
						))}
					</select>
				</div>
				<div className="field">
					<label htmlFor="person">Person</label>
					<p id="person-hint" className="hint">
						Who did it or whom it concerned
					</p>
					<input id="person" type="search" name="person" defaultValue={filter.person ?? ''} placeholder="Name, e-mail, system, api key" aria-describedby="person-hint" />
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
				<table className="stack-table audit-table" aria-label="Audit events">
					<thead>
						<tr>
							<th scope="col">When ({timeZone})</th>
							<th scope="col">What</th>
							<th scope="col">Who</th>
							<th scope="col">Concerning</th>
							<th scope="col">Details</th>
							<th scope="col">From address</th>
						</tr>
					</thead>
					<tbody>
						{events.map((e) => (
							<tr key={e.id}>
								<td data-label="When">
									<time dateTime={e.at}>{e.when}</time>
								</td>
								<td data-label="What">
									<strong>{e.actionLabel}</strong>
									<span className="muted small audit-code"> {e.action}</span>
								</td>
								<td data-label="Who">
									{e.actor}
									{e.actorRole ? <span className="muted small"> ({e.actorRole})</span> : null}
								</td>
								<td data-label="Concerning" className={e.target ? undefined : 'is-empty'}>
									{e.target ?? <span className="muted">—</span>}
								</td>
								<td data-label="Details" className={e.details.length ? undefined : 'is-empty'}>
									{e.details.length ? (
										<ul className="plain-list small">
											{e.details.map((line, i) => (
												<li key={i}>{line}</li>
											))}
										</ul>
									) : (
										<span className="muted">—</span>
									)}
								</td>
								<td data-label="From address" className={e.ip ? undefined : 'is-empty'}>
									{e.ip ?? <span className="muted">—</span>}
								</td>
							</tr>
						))}
					</tbody>
				</table>
			)}
			<Pager page={page} pages={pages} />
		</>
	)
}
