import { BackLink } from '~/components/page'
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { requireAdmin } from '~/auth/guard.server'
import { getOutboxMessage } from '~/mail/outbox.server'
import { readMailFile } from '~/mail/transport.server'
import { invariantResponse, requireId } from '~/utils/http'

export const meta: MetaFunction = () => [{ title: 'E-mail · Outbox · State of Now' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
	const { org } = await requireAdmin(request)
	const message = await getOutboxMessage(org.id, requireId(params.messageId))
	invariantResponse(message?.fileName, 'Not found')
	const mail = await readMailFile(message.fileName)
	invariantResponse(mail, 'The file of this e-mail is not on this machine.')
	return { to: message.toEmail, subject: mail.subject, text: mail.text, sentAt: message.sentAt?.toISOString() ?? null }
}

export default function OutboxMessage() {
	const m = useLoaderData<typeof loader>()
	// Links in the body are made clickable; the text itself is shown as text.
	const parts = m.text.split(/(https?:\/\/\S+)/g)
	return (
		<>
			<BackLink to="/admin/outbox">Outbox</BackLink>
			<h1>{m.subject}</h1>
			<div className="card">
				<dl className="facts">
					<dt>To</dt>
					<dd>{m.to}</dd>
					<dt>Sent</dt>
					<dd>{m.sentAt ? `${new Date(m.sentAt).toLocaleString('en-GB', { timeZone: 'UTC' })} UTC` : '—'}</dd>
				</dl>
			</div>
			<div className="mail-body">
				{parts.map((p, i) =>
					/^https?:\/\//.test(p) ? (
						<a key={i} href={p}>
							{p}
						</a>
					) : (
						p
					),
				)}
			</div>
		</>
	)
}
