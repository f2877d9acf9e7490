import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData, useRevalidator } from '@remix-run/react'
import { useEffect } from 'react'

import { requireAdmin } from '~/auth/guard.server'
import { EmptyState, PageHead, TableScroll } from '~/components/page'
import { listOutbox } from '~/mail/outbox.server'
import { env } from '~/utils/env.server'

export const meta: MetaFunction = () => [{ title: 'Outbox · State of Now' }]

// Who each e-mail is for and how its delivery went; never its contents, whose link is the recipient's alone.
export async function loader({ request }: LoaderFunctionArgs) {
	const { org } = await requireAdmin(request)
	const messages = await listOutbox(org.id)
	return {
		smtp: Boolean(env().SMTP_URL),
		messages: messages.map((m) => ({
			id: m.id,
			kind: m.kind,
			to: m.toEmail,
			status: m.status,
			attempts: m.attempts,
			lastError: m.lastError,
			createdAt: m.createdAt.toISOString(),
			sentAt: m.sentAt?.toISOString() ?? null,
			writtenToFile: m.writtenToFile,
		})),
	}
}

const KIND = { invitation: 'Invitation', password_reset: 'Password reset', pulse_invitation: 'Pulse', pulse_reminder: 'Pulse reminder' } as const

const when = (iso: string) => <time dateTime={iso}>{new Date(iso).toLocaleString('en-GB', { timeZone: 'UTC' })} UTC</time>

export default function Outbox() {
	const { smtp, messages } = useLoaderData<typeof loader>()
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
				Their contents are not shown here: each link is for its recipient alone.
			</PageHead>
			{messages.length === 0 ? (
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
									<td>{KIND[m.kind]}</td>
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
									<td className="hide-sm">{when(m.createdAt)}</td>
									<td className="hide-sm">{m.sentAt ? when(m.sentAt) : '—'}</td>
								</tr>
							))}
						</tbody>
					</table>
				</TableScroll>
			)}
		</>
	)
}
