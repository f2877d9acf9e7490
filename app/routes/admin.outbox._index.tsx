import { EmptyState, PageHead } from '~/components/page'
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData, useRevalidator } from '@remix-run/react'
import { useEffect } from 'react'
import { requireAdmin } from '~/auth/guard.server'
import { listOutbox } from '~/mail/outbox.server'
import { env } from '~/utils/env.server'

export const meta: MetaFunction = () => [{ title: 'Outbox · State of Now' }]

export async function loader({ request }: LoaderFunctionArgs) {
	const { org } = await requireAdmin(request)
	const messages = await listOutbox(org.id)
	return {
		smtp: Boolean(env().SMTP_URL),
		messages: messages.map((m) => ({
			id: m.id,
			kind: m.kind,
			to: m.toEmail,
			subject: m.subject,
			status: m.status,
			attempts: m.attempts,
			lastError: m.lastError,
			createdAt: m.createdAt.toISOString(),
			sentAt: m.sentAt?.toISOString() ?? null,
			hasFile: Boolean(m.fileName),
		})),
	}
}

const KIND = { invitation: 'Invitation', password_reset: 'Password reset', pulse_invitation: 'Pulse', pulse_reminder: 'Pulse reminder' } as const

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
					? 'E-mails are delivered through your SMTP server; this is the delivery log (bodies are not kept).'
					: 'No SMTP server is set (SMTP_URL), so e-mails are written to files on this machine and shown here. Open one to follow its link.'}
			</PageHead>
			{messages.length === 0 ? (
				<EmptyState title="No e-mails yet">
					Invitations appear here when you <Link to="/admin/people/new">add people</Link>.
				</EmptyState>
			) : (
				<div className="table-wrap">
					<table>
						<thead>
							<tr>
								<th scope="col">To</th>
								<th scope="col">What</th>
								<th scope="col">Status</th>
								<th scope="col" className="hide-sm">Created</th>
							</tr>
						</thead>
						<tbody>
							{messages.map((m) => (
								<tr key={m.id}>
									<td>{m.hasFile ? <Link to={`/admin/outbox/${m.id}`}>{m.to}</Link> : m.to}</td>
									<td>{m.subject ?? KIND[m.kind]}</td>
									<td>
										{m.status === 'sent' ? (
											<span className="badge badge-ok">Sent</span>
										) : m.status === 'failed' ? (
											<span className="badge badge-danger" title={m.lastError ?? ''}>Failed</span>
										) : (
											<span className="badge badge-warn" title={m.lastError ?? ''}>{m.attempts > 0 && m.lastError ? 'Retrying' : 'Queued'}</span>
										)}
									</td>
									<td className="hide-sm">
										<time dateTime={m.createdAt}>{new Date(m.createdAt).toLocaleString('en-GB', { timeZone: 'UTC' })} UTC</time>
									</td>
								</tr>
							))}
						</tbody>
					</table>
				</div>
			)}
		</>
	)
}
