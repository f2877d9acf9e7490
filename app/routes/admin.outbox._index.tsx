import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData, useRevalidator } from '@remix-run/react'
import { DateTime } from 'luxon'
import { useEffect } from 'react'
import { z } from 'zod'

import { requireAdmin } from '~/auth/guard.server'
import { EmptyState, PageHead, Pager, TableScroll } from '~/components/page'
import { mailKind, registeredMailKinds } from '~/mail/registry.server'
import { listOutbox, registerMailKinds } from '~/notifications/mail.server'
import { env } from '~/utils/env.server'
import { countOf } from '~/utils/plural'
import { textSchema } from '~/utils/text'
import { mailStatuses } from '~db/schema'

export const meta: MetaFunction = () => [{ title: 'Outbox · State of Now' }]

// Who each e-mail is for and how its delivery went; never its contents, whose link is the recipient's alone.
export async function loader({ request }: LoaderFunctionArgs) {
	const { org } = await requireAdmin(request)
	// Unknown filter values are dropped rather than rejected: a bookmarked URL keeps working. Built here, in
	// the loader: the kinds come from a .server module, which the browser bundle does not get.
	registerMailKinds()
	const kinds = registeredMailKinds().map((k) => ({ kind: k, label: mailKind(k)!.label }))
	const filterSchema = z.object({
		q: textSchema().trim().max(100).optional().catch(undefined),
		kind: z
			.string()
			.refine((k) => kinds.some((x) => x.kind === k))
			.optional()
			.catch(undefined),
		status: z.enum(mailStatuses).optional().catch(undefined),
		page: z.coerce.number().int().min(1).max(10_000).default(1).catch(1),
	})
	const filter = filterSchema.parse(Object.fromEntries(new URL(request.url).searchParams))
	const list = await listOutbox(org.id, filter)
	// Times in the organisation's zone and the app's date style, written on the server (the same text in the browser).
	const when = (d: Date) => DateTime.fromJSDate(d, { zone: org.timeZone }).toFormat('ccc d LLL yyyy, HH:mm')
	return {
		smtp: Boolean(env().SMTP_URL),
		filter,
		kinds,
		total: list.total,
		page: list.page,
		pages: list.pages,
		timeZone: org.timeZone,
		messages: list.messages.map((m) => ({
			id: m.id,
			kind: m.kind,
			kindLabel: m.kindLabel,
			to: m.toEmail,
			status: m.status,
			attempts: m.attempts,
			lastError: m.lastError,
			createdAt: m.createdAt.toISOString(),
			created: when(m.createdAt),
			sentAt: m.sentAt?.toISOString() ?? null,
			sent: m.sentAt ? when(m.sentAt) : null,
			writtenToFile: m.writtenToFile,
		})),
	}
}

const STATUS = { queued: 'Queued or retrying', sent: 'Sent or written to file', failed: 'Failed', skipped: 'Not needed' } as const

export default function Outbox() {
	const { smtp, messages, total, page, pages, filter, timeZone, kinds } = useLoaderData<typeof loader>()
	const filtered = Boolean(filter.q || filter.kind || filter.status)
	const queued = messages.some((m) => m.status === 'queued')
	const revalidator = useRevalidator()
	// While messages wait for the mail worker, refresh so their status changes in front of you.
	useEffect(() => {
		if (!queued) return
		const t = setInterval(() => revalidator.state === 'idle' && revalidator.revalidate(), 3000)
		return () => clearInterval(t)
	}, [queued, revalidator])
	return (
		<>
			<PageHead title="Outbox">
				{smtp
					? 'E-mails are delivered through your SMTP server; this is the delivery log.'
					: 'No SMTP server is set (SMTP_URL), so e-mails are not delivered: they are written to the server’s mail folder.'}{' '}
				Their contents are not shown here: each link is for its recipient alone. {countOf(total, 'e-mail', 'e-mails')}
				{filtered ? ' match the filter' : ''}, newest first; times in {timeZone}.
			</PageHead>
			<Form method="get" className="filters" role="search">
				<div className="field">
					<label htmlFor="q">Recipient</label>
					<input id="q" type="search" name="q" defaultValue={filter.q ?? ''} placeholder="Part of an e-mail address" aria-describedby="q-hint" />
				</div>
				<div className="field">
					<label htmlFor="kind">What</label>
					<select id="kind" name="kind" defaultValue={filter.kind ?? ''}>
						<option value="">All kinds</option>
						{kinds.map((k) => (
							<option key={k.kind} value={k.kind}>
								{k.label}
							</option>
						))}
					</select>
				</div>
				<div className="field">
					<label htmlFor="status">Status</label>
					<select id="status" name="status" defaultValue={filter.status ?? ''}>
						<option value="">All statuses</option>
						{Object.entries(STATUS).map(([k, label]) => (
							<option key={k} value={k}>
								{label}
							</option>
						))}
					</select>
				</div>
				<button type="submit" className="button button-secondary">
					Filter
				</button>
				<p id="q-hint" className="small muted filters-hint">
					Reminders are never found by recipient: whom one went to would say who had not answered.
				</p>
			</Form>
			{messages.length === 0 && filtered ? (
				<div className="card empty">
					<strong>No e-mail matches this filter</strong>
					<Link to="/admin/outbox">Clear the filter</Link>
				</div>
			) : messages.length === 0 ? (
				<EmptyState title="No e-mails yet">
					Invitations appear here when you <Link to="/admin/people/new">add people</Link>.
				</EmptyState>
			) : (
				<TableScroll label="E-mails">
					<table>
						<thead>
							<tr>
								<th scope="col">To</th>
								<th scope="col">What</th>
								<th scope="col">Status</th>
								<th scope="col" className="hide-sm">
									Created
								</th>
								<th scope="col" className="hide-sm">
									Sent
								</th>
							</tr>
						</thead>
						<tbody>
							{messages.map((m) => (
								<tr key={m.id}>
									<td>{m.to ?? <span className="muted small">not listed: a reminder goes only to those who have not answered</span>}</td>
									<td>{m.kindLabel}</td>
									<td>
										{m.status === 'sent' ? (
											<span className="badge badge-ok">{m.writtenToFile ? 'Written to file' : 'Sent'}</span>
										) : m.status === 'skipped' ? (
											<span className="badge">Not needed</span>
										) : m.status === 'failed' ? (
											<span className="badge badge-danger">Failed</span>
										) : (
											<span className="badge badge-warn">{m.attempts > 0 && m.lastError ? 'Retrying' : 'Queued'}</span>
										)}
										{m.status === 'failed' || (m.status === 'queued' && m.lastError) ? (
											<div className="small muted">
												{m.attempts} {m.attempts === 1 ? 'attempt' : 'attempts'}: {m.lastError}
											</div>
										) : null}
									</td>
									<td className="hide-sm">
										<time dateTime={m.createdAt}>{m.created}</time>
									</td>
									<td className="hide-sm">{m.sentAt ? <time dateTime={m.sentAt}>{m.sent}</time> : '—'}</td>
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
