import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { z } from 'zod'

import { userActor } from '~/audit/audit.server'
import { requireAdmin } from '~/auth/guard.server'
import { CHANNEL_LABELS, CHANNELS } from '~/channels/channel-names'
import { setDefaultChannel } from '~/channels/preference.server'
import { disconnectSlack, matchSlackPeople, slackStatus } from '~/channels/slack/installations.server'
import { FormError, Notice, SubmitButton } from '~/components/forms'
import { PageHead, TableScroll } from '~/components/page'
import type { FieldErrors } from '~/utils/result'

export const meta: MetaFunction = () => [{ title: 'Channels · State of Now' }]

export async function loader({ request }: LoaderFunctionArgs) {
	const { org } = await requireAdmin(request)
	const status = await slackStatus(org.id)
	return {
		defaultChannel: status.defaultChannel,
		timeZone: org.timeZone,
		slack: {
			configured: status.configured,
			installation: status.installation
				? {
						workspaceName: status.installation.workspaceName,
						installedAt: status.installation.installedAt.toISOString(),
						matchedAt: status.installation.matchedAt?.toISOString() ?? null,
					}
				: null,
			matched: status.matched,
			unmatched: status.unmatched,
		},
	}
}

const intentSchema = z.discriminatedUnion('intent', [
	z.object({ intent: z.literal('default'), channel: z.enum(CHANNELS) }),
	z.object({ intent: z.literal('match') }),
	z.object({ intent: z.literal('disconnect') }),
])

export async function action({ request, context }: ActionFunctionArgs) {
	const { org, user } = await requireAdmin(request)
	const parsed = intentSchema.safeParse(Object.fromEntries(await request.formData()))
	if (!parsed.success) return data({ errors: { _form: 'That request was not understood.' } as FieldErrors, done: null }, { status: 400 })
	const actor = userActor(user, context)
	const result =
		parsed.data.intent === 'default'
			? await setDefaultChannel(org.id, parsed.data.channel, actor)
			: parsed.data.intent === 'match'
				? await matchSlackPeople(org.id, actor)
				: await disconnectSlack(org.id, actor)
	if (!result.ok) return data({ errors: result.errors, done: null }, { status: 400 })
	const done =
		parsed.data.intent === 'default'
			? `Saved: pulses and results go by ${CHANNEL_LABELS[parsed.data.channel]} to everyone who has not chosen otherwise.`
			: parsed.data.intent === 'match'
				? 'People matched again by e-mail.'
				: 'Slack disconnected: everyone gets e-mail again.'
	return { errors: {} as FieldErrors, done }
}

function when(iso: string | null, timeZone: string) {
	return iso ? new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(iso)) : '—'
}

export default function Channels() {
	const { slack, defaultChannel, timeZone } = useLoaderData<typeof loader>()
	const result = useActionData<typeof action>()
	const [params] = useSearchParams()
	const connected = params.get('connected')
	const problem = params.get('problem')
	return (
		<>
			<PageHead title="Channels">
				Where people receive their pulses, reminders, results and digests. Account e-mails (invitations to the app, password links) always go by e-mail.
			</PageHead>
			{connected ? <Notice>Slack is connected to “{connected}”.</Notice> : null}
			<FormError error={problem ?? result?.errors._form} />
			<Notice>{result?.done}</Notice>
			<div className="card">
				<h2>Slack</h2>
				{slack.installation ? (
					<>
						<p>
							Connected to <strong>{slack.installation.workspaceName}</strong> since {when(slack.installation.installedAt, timeZone)}. {slack.matched}{' '}
							{slack.matched === 1 ? 'person is' : 'people are'} matched by e-mail (last matched {when(slack.installation.matchedAt, timeZone)}).
						</p>
						<p className="muted small">
							People answer in Slack with the “Answer here” button; their answers are stored exactly as answers from the web, with no Slack account, channel or message attached.
							See the security notes on what Slack itself sees.
						</p>
						<Form method="post" className="form-row">
							<SubmitButton name="intent" value="match" pendingText="Matching…">
								Match people again
							</SubmitButton>
							<SubmitButton name="intent" value="disconnect" pendingText="Disconnecting…" className="button button-danger">
								Disconnect Slack
							</SubmitButton>
						</Form>
						{slack.unmatched.length ? (
							<details>
								<summary>
									Not found in Slack: {slack.unmatched.length} {slack.unmatched.length === 1 ? 'person keeps' : 'people keep'} e-mail
								</summary>
								<TableScroll label="People not found in Slack">
									<table>
										<thead>
											<tr>
												<th scope="col">Name</th>
												<th scope="col">E-mail</th>
											</tr>
										</thead>
										<tbody>
											{slack.unmatched.map((p) => (
												<tr key={p.id}>
													<td>{p.name}</td>
													<td>{p.email}</td>
												</tr>
											))}
										</tbody>
									</table>
								</TableScroll>
							</details>
						) : null}
					</>
				) : slack.configured ? (
					<>
						<p>Connect your Slack workspace: the app asks only to send messages to people and to find them by e-mail.</p>
						<p>
							<a className="button" href="/admin/channels/slack/install">
								Add to Slack
							</a>
						</p>
					</>
				) : (
					<p>
						Slack is not set up on this server. Whoever runs it creates a Slack app and sets <code>SLACK_CLIENT_ID</code>, <code>SLACK_CLIENT_SECRET</code> and{' '}
						<code>SLACK_SIGNING_SECRET</code> (see the operations guide, “Slack”).
					</p>
				)}
			</div>
			<div className="card">
				<h2>Default channel</h2>
				<Form method="post">
					<fieldset>
						<legend>People who have not chosen get their pulses and results by</legend>
						{CHANNELS.map((c) => (
							<label key={c} className="checkbox">
								<input type="radio" name="channel" value={c} defaultChecked={defaultChannel === c} disabled={c === 'slack' && !slack.installation} />
								<span>
									{CHANNEL_LABELS[c]}
									{c === 'slack' ? <span className="muted small"> — e-mail for those not found in Slack</span> : null}
								</span>
							</label>
						))}
					</fieldset>
					<SubmitButton name="intent" value="default" pendingText="Saving…">
						Save
					</SubmitButton>
				</Form>
			</div>
		</>
	)
}
