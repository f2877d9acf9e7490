import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

import { requireUser } from '~/auth/guard.server'
import { isAdmin, leads, roleNamesItsLevel } from '~/auth/roles'
import { PageHead } from '~/components/page'
import { ReplyThreads } from '~/components/reply-threads'
import { formatDateTime } from '~/i18n/format'
import { personLocale } from '~/i18n/i18n.server'
import { pageTitle } from '~/i18n/react'
import { teamLabel } from '~/org/team-path'
import { getTeam } from '~/org/teams.server'
import { openPulsesFor } from '~/pulses/pulse-view.server'
import { useHydrated } from '~/utils/use-hydrated'

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'home.title') }]

export async function loader({ request }: LoaderFunctionArgs) {
	const { user, org } = await requireUser(request)
	const locale = personLocale(user, org)
	const [team, pulses] = await Promise.all([user.teamId ? getTeam(org.id, user.teamId) : null, openPulsesFor(org.id, user.id)])
	return {
		name: user.name,
		role: user.role,
		level: user.level,
		teamPath: team?.path ?? null,
		org: { name: org.name, anonymityK: org.anonymityK },
		// Dates are written here, once, in the person's language and the organisation's zone: the browser renders the same text.
		pulses: pulses.map((p) => ({ waveId: p.waveId, name: p.surveyName, closes: formatDateTime(p.closesAt, locale, org.timeZone) })),
	}
}

export default function Home() {
	const d = useLoaderData<typeof loader>()
	const hydrated = useHydrated()
	const { t } = useTranslation()
	const role = t(`roles.${d.role}`)
	const level = t(`levels.${d.level}`)
	return (
		<>
			<PageHead title={t('home.hello', { name: d.name.split(' ')[0] })}>
				{roleNamesItsLevel(d.role, d.level) ? role : t('home.roleAndLevel', { role, level })}
				{d.teamPath ? ` · ${teamLabel(d.teamPath)}` : ''} · {d.org.name}
			</PageHead>
			<div className="card">
				<h2>{t('home.pulses')}</h2>
				{d.pulses.length ? (
					<ul className="pulse-list">
						{d.pulses.map((p) => (
							<li key={p.waveId}>
								<Link className="button" to={`/pulses/${p.waveId}`}>
									{t('home.answer', { name: p.name })}
								</Link>{' '}
								<span className="muted small">{t('home.closes', { closes: p.closes })}</span>
							</li>
						))}
					</ul>
				) : (
					<p className="muted">{t('home.noPulse')}</p>
				)}
				<p>
					<Link to="/results">{t('home.seeResults')}</Link> <span className="muted small">{t('home.resultsWhen')}</span>
				</p>
				<p className="small muted">{t('home.anonymity', { count: d.org.anonymityK })}</p>
				<p className="small">
					<a href="/me/data" download>
						{t('home.download', { org: d.org.name })}
					</a>{' '}
					<span className="muted">{t('home.downloadWhat')}</span>
				</p>
				<p className="small">
					<Link to="/settings">{t('home.settings')}</Link>
					{' · '}
					<Link to="/settings/mail">{t('home.mailSettings')}</Link>
					{leads(d.role) ? (
						<>
							{' · '}
							<Link to="/comments">{t('home.replyToComments')}</Link>
						</>
					) : null}
				</p>
			</div>
			<section className="card" aria-labelledby="replies">
				<h2 id="replies">{t('home.replies')}</h2>
				{hydrated ? <ReplyThreads emptyText={t('home.repliesEmpty')} /> : null}
			</section>
			{isAdmin(d.role) ? (
				<>
					<h2>{t('home.setup')}</h2>
					<div className="grid">
						<Link className="tile" to="/admin/surveys">
							<strong>{t('home.tiles.surveys.title')}</strong>
							<span>{t('home.tiles.surveys.text')}</span>
						</Link>
						<Link className="tile" to="/admin/teams">
							<strong>{t('home.tiles.teams.title')}</strong>
							<span>{t('home.tiles.teams.text')}</span>
						</Link>
						<Link className="tile" to="/admin/people">
							<strong>{t('home.tiles.people.title')}</strong>
							<span>{t('home.tiles.people.text')}</span>
						</Link>
						<Link className="tile" to="/admin/people/import">
							<strong>{t('home.tiles.import.title')}</strong>
							<span>{t('home.tiles.import.text')}</span>
						</Link>
						<Link className="tile" to="/admin/outbox">
							<strong>{t('home.tiles.outbox.title')}</strong>
							<span>{t('home.tiles.outbox.text')}</span>
						</Link>
					</div>
				</>
			) : null}
		</>
	)
}
