import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { Trans, useTranslation } from 'react-i18next'
import { z } from 'zod'

import { userActor } from '~/audit/audit.server'
import { requireAdmin } from '~/auth/guard.server'
import { CHANNELS } from '~/channels/channel-names'
import { setDefaultChannel } from '~/channels/preference.server'
import { disconnectSlack, matchSlackPeople, slackStatus } from '~/channels/slack/installations.server'
import { connectTeams, disconnectTeams, teamsConnectSchema, teamsStatus } from '~/channels/teams/installations.server'
import { Field, FormError, Notice, SubmitButton } from '~/components/forms'
import { moment } from '~/components/moment'
import { PageHead, TableScroll } from '~/components/page'
import { fixedT, personLocale } from '~/i18n/i18n.server'
import { localizeIntegrationProblem, localizeIntegrationProblems } from '~/i18n/integration-problems.server'
import { metaT } from '~/i18n/react'
import { env } from '~/utils/env.server'
import { type FieldErrors, fieldErrorsFrom } from '~/utils/result'
import type { ChatProvider } from '~db/schema'

export const meta: MetaFunction = ({ matches }) => {
	const t = metaT(matches)
	return [{ title: t('meta.title', { page: t('channels.title', { ns: 'integrations' }) }) }]
}

export async function loader({ request }: LoaderFunctionArgs) {
	const { org, user } = await requireAdmin(request)
	const [status, teams] = await Promise.all([slackStatus(org.id), teamsStatus(org.id)])
	// Slack's way back (…/slack/callback) names what went wrong in the address, in English.
	const problem = new URL(request.url).searchParams.get('problem')
	return {
		problem: problem ? localizeIntegrationProblem(personLocale(user, org), problem) : null,
		defaultChannel: status.defaultChannel,
		timeZone: org.timeZone,
		teams: {
			messagingEndpoint: `${env().APP_URL}/api/v1/teams/messages`,
			// The app password is never sent to the page: only the ids, which the Teams admin already sees.
			installation: teams.installation
				? {
						appId: teams.installation.appId,
						tenantId: teams.installation.tenantId,
						installedAt: teams.installation.installedAt.toISOString(),
						matchedAt: teams.installation.matchedAt?.toISOString() ?? null,
						heardFrom: teams.installation.heardFrom,
					}
				: null,
			matched: teams.matched,
			unmatchedCount: teams.unmatchedCount,
			unmatched: teams.unmatched,
		},
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
			unmatchedCount: status.unmatchedCount,
			unmatched: status.unmatched,
		},
	}
}

const intentSchema = z.discriminatedUnion('intent', [
	z.object({ intent: z.literal('default'), channel: z.enum(CHANNELS) }),
	z.object({ intent: z.literal('match') }),
	z.object({ intent: z.literal('disconnect') }),
	z.object({ intent: z.literal('teams-connect') }).passthrough(),
	z.object({ intent: z.literal('teams-disconnect') }),
])

export async function action({ request, context }: ActionFunctionArgs) {
	const { org, user } = await requireAdmin(request)
	const locale = personLocale(user, org)
	const parsed = intentSchema.safeParse(Object.fromEntries(await request.formData()))
	if (!parsed.success) return data({ errors: { _form: fixedT(locale, 'integrations')('common.notUnderstood') } as FieldErrors, done: null }, { status: 400 })
	const actor = userActor(user, context)
	const intent = parsed.data.intent
	let result
	if (intent === 'teams-connect') {
		const input = teamsConnectSchema.safeParse(parsed.data)
		if (!input.success) return data({ errors: localizeIntegrationProblems(locale, fieldErrorsFrom(input.error.issues)), done: null }, { status: 400 })
		result = await connectTeams(org.id, actor, input.data)
	} else if (intent === 'default') result = await setDefaultChannel(org.id, parsed.data.channel, actor)
	else if (intent === 'match') result = await matchSlackPeople(org.id, actor)
	else if (intent === 'disconnect') result = await disconnectSlack(org.id, actor)
	else result = await disconnectTeams(org.id, actor)
	if (!result.ok) return data({ errors: localizeIntegrationProblems(locale, result.errors), done: null }, { status: 400 })
	// What was done, in the admin's words (the default channel's sentence names the channel).
	const t = fixedT(locale, 'integrations')
	const done = t(`channels.done.${parsed.data.intent === 'default' ? `default-${parsed.data.channel}` : parsed.data.intent}`)
	return { errors: {} as FieldErrors, done }
}

function Unmatched({ status, provider }: { status: { unmatchedCount: number; unmatched: { id: string; name: string; email: string }[] }; provider: ChatProvider }) {
	const { t } = useTranslation('integrations')
	const { unmatchedCount: count, unmatched: people } = status
	if (!count) return null
	const chat = t(`channels.name.${provider}`)
	return (
		<details>
			<summary>{t('channels.unmatched', { chat, count })}</summary>
			<p className="small">
				{people.length < count ? `${t('channels.unmatchedFirst', { shown: people.length, count })} ` : null}
				{/* A file download, not a page: the browser must not route it. */}
				<a href={`/admin/channels/${provider}/unmatched`} download>
					{t('channels.unmatchedDownload', { count })}
				</a>
			</p>
			<TableScroll label={t('channels.unmatchedLabel', { chat })}>
				<table>
					<thead>
						<tr>
							<th scope="col">{t('common.name')}</th>
							<th scope="col">{t('common.email')}</th>
						</tr>
					</thead>
					<tbody>
						{people.map((p) => (
							<tr key={p.id}>
								<td>{p.name}</td>
								<td>{p.email}</td>
							</tr>
						))}
					</tbody>
				</table>
			</TableScroll>
		</details>
	)
}

export default function Channels() {
	const { slack, teams, defaultChannel, timeZone, problem } = useLoaderData<typeof loader>()
	const result = useActionData<typeof action>()
	const [params] = useSearchParams()
	const connected = params.get('connected')
	const { t, i18n } = useTranslation('integrations')
	const when = (iso: string | null) => moment(iso, i18n.language, timeZone, t('common.dash'))
	const channelName = (c: (typeof CHANNELS)[number]) => t(`channels.name.${c}`)
	return (
		<>
			<PageHead title={t('channels.title')}>{t('channels.intro')}</PageHead>
			{connected ? <Notice>{t('channels.slack.connected', { workspace: connected })}</Notice> : null}
			<FormError error={problem ?? result?.errors._form} />
			<Notice>{result?.done}</Notice>
			<div className="card">
				<h2>{channelName('slack')}</h2>
				{slack.installation ? (
					<>
						<p>
							<Trans
								t={t}
								i18nKey="channels.slack.status"
								values={{ workspace: slack.installation.workspaceName, since: when(slack.installation.installedAt), matchedAt: when(slack.installation.matchedAt) }}
								count={slack.matched}
								components={{ strong: <strong /> }}
							/>
						</p>
						<p className="muted small">{t('channels.slack.privacy')}</p>
						<Form method="post" className="form-row">
							<SubmitButton name="intent" value="match" pendingText={t('channels.slack.matching')}>
								{t('channels.slack.match')}
							</SubmitButton>
							<SubmitButton name="intent" value="disconnect" pendingText={t('channels.disconnecting')} className="button button-danger">
								{t('channels.slack.disconnect')}
							</SubmitButton>
						</Form>
						<Unmatched status={slack} provider="slack" />
					</>
				) : slack.configured ? (
					<>
						<p>{t('channels.slack.connectIntro')}</p>
						<p>
							<a className="button" href="/admin/channels/slack/install">
								{t('channels.slack.add')}
							</a>
						</p>
					</>
				) : (
					<p>
						<Trans
							t={t}
							i18nKey="channels.slack.notSetUp"
							values={{ id: 'SLACK_CLIENT_ID', secret: 'SLACK_CLIENT_SECRET', signing: 'SLACK_SIGNING_SECRET' }}
							components={{ code: <code /> }}
						/>
					</p>
				)}
			</div>
			<div className="card">
				<h2>{channelName('teams')}</h2>
				{teams.installation ? (
					<>
						<p>
							{teams.installation.matchedAt ? (
								<Trans
									t={t}
									i18nKey="channels.teams.statusMatched"
									values={{
										appId: teams.installation.appId,
										tenantId: teams.installation.tenantId,
										since: when(teams.installation.installedAt),
										matchedAt: when(teams.installation.matchedAt),
									}}
									count={teams.matched}
									components={{ code: <code /> }}
								/>
							) : (
								<Trans
									t={t}
									i18nKey="channels.teams.status"
									values={{ appId: teams.installation.appId, tenantId: teams.installation.tenantId, since: when(teams.installation.installedAt) }}
									count={teams.matched}
									components={{ code: <code /> }}
								/>
							)}
						</p>
						{teams.installation.heardFrom ? null : <p className="small">{t('channels.teams.notHeardFrom')}</p>}
						<p className="muted small">{t('channels.teams.privacy')}</p>
						<Form method="post" className="form-row">
							<SubmitButton name="intent" value="teams-disconnect" pendingText={t('channels.disconnecting')} className="button button-danger">
								{t('channels.teams.disconnect')}
							</SubmitButton>
						</Form>
						<Unmatched status={teams} provider="teams" />
					</>
				) : (
					<>
						<p>
							<Trans t={t} i18nKey="channels.teams.connectIntro" values={{ endpoint: teams.messagingEndpoint }} components={{ code: <code /> }} />
						</p>
						<Form method="post" autoComplete="off">
							<Field label={t('channels.teams.appId')} name="appId" required error={result?.errors.appId} spellCheck={false} />
							<Field label={t('channels.teams.password')} name="password" type="password" required autoComplete="new-password" error={result?.errors.password} />
							<Field label={t('channels.teams.tenantId')} name="tenantId" required error={result?.errors.tenantId} spellCheck={false} />
							<SubmitButton name="intent" value="teams-connect" pendingText={t('channels.teams.connecting')}>
								{t('channels.teams.connect')}
							</SubmitButton>
						</Form>
					</>
				)}
			</div>
			<div className="card">
				<h2>{t('channels.default.heading')}</h2>
				<Form method="post">
					<fieldset>
						<legend>{t('channels.default.legend')}</legend>
						{CHANNELS.map((c) => (
							<label key={c} className="checkbox">
								<input
									type="radio"
									name="channel"
									value={c}
									defaultChecked={defaultChannel === c}
									disabled={(c === 'slack' && !slack.installation) || (c === 'teams' && !teams.installation)}
								/>
								<span>
									{channelName(c)}
									{c !== 'email' ? <span className="muted small"> {t('channels.default.fallback', { chat: channelName(c) })}</span> : null}
								</span>
							</label>
						))}
					</fieldset>
					<SubmitButton name="intent" value="default" pendingText={t('common.saving')}>
						{t('common.save')}
					</SubmitButton>
				</Form>
			</div>
		</>
	)
}
