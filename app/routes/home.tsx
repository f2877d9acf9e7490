import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { DateTime } from 'luxon'

import { requireUser } from '~/auth/guard.server'
import { isAdmin, leads } from '~/auth/roles'
import { PageHead } from '~/components/page'
import { ReplyThreads } from '~/components/reply-threads'
import { roleAndLevel } from '~/org/person-schema'
import { teamLabel } from '~/org/team-path'
import { getTeam } from '~/org/teams.server'
import { openPulsesFor } from '~/pulses/answering.server'
import { useHydrated } from '~/utils/use-hydrated'

export const meta: MetaFunction = () => [{ title: 'Home · State of Now' }]

export async function loader({ request }: LoaderFunctionArgs) {
	const { user, org } = await requireUser(request)
	const [team, pulses] = await Promise.all([user.teamId ? getTeam(org.id, user.teamId) : null, openPulsesFor(org.id, user.id)])
	return {
		name: user.name,
		role: user.role,
		roleAndLevel: roleAndLevel(user.role, user.level),
		teamPath: team?.path ?? null,
		org: { name: org.name, anonymityK: org.anonymityK },
		pulses: pulses.map((p) => ({ waveId: p.waveId, name: p.surveyName, closes: DateTime.fromJSDate(p.closesAt, { zone: org.timeZone }).toFormat("cccc d LLL 'at' HH:mm") })),
	}
}

export default function Home() {
	const d = useLoaderData<typeof loader>()
	const hydrated = useHydrated()
	return (
		<>
			<PageHead title={<>Hello, {d.name.split(' ')[0]}</>}>
				{d.roleAndLevel}
				{d.teamPath ? ` · ${teamLabel(d.teamPath)}` : ''} · {d.org.name}
			</PageHead>
			<div className="card">
				<h2>Your pulses</h2>
				{d.pulses.length ? (
					<ul className="pulse-list">
						{d.pulses.map((p) => (
							<li key={p.waveId}>
								<Link className="button" to={`/pulses/${p.waveId}`}>
									Answer: {p.name}
								</Link>{' '}
								<span className="muted small">closes {p.closes}</span>
							</li>
						))}
					</ul>
				) : (
					<p className="muted">No pulse is open for you right now. When your people team launches one, it appears here and in your inbox; answering takes a minute or two.</p>
				)}
				<p>
					<Link to="/results">See your team’s results</Link> <span className="muted small">(released each week once that week’s pulses have closed).</span>
				</p>
				<p className="small muted">Your answers are stored without your name, and no result is shown for a group of fewer than {d.org.anonymityK} people.</p>
				<p className="small">
					<a href="/me/data" download>
						Download what {d.org.name} holds about you
					</a>{' '}
					<span className="muted">(JSON: your profile, sessions and which pulses you were invited to and answered; not your answers, which link to no one).</span>
				</p>
				<p className="small">
					<Link to="/settings/mail">Choose which e-mails you receive</Link>
					{leads(d.role) ? (
						<>
							{' · '}
							<Link to="/comments">Reply to comments</Link>
						</>
					) : null}
				</p>
			</div>
			<section className="card" aria-labelledby="replies">
				<h2 id="replies">Replies to your comments</h2>
				{hydrated ? <ReplyThreads emptyText="When you leave a comment with a reply key, leaders' replies appear here. Only this browser knows which comments are yours." /> : null}
			</section>
			{isAdmin(d.role) ? (
				<>
					<h2>Set up your organisation</h2>
					<div className="grid">
						<Link className="tile" to="/admin/surveys">
							<strong>Pulse surveys</strong>
							<span>Build a weekly pulse from the question bank and schedule it.</span>
						</Link>
						<Link className="tile" to="/admin/teams">
							<strong>Teams</strong>
							<span>Build the team tree, e.g. Marketing › Social.</span>
						</Link>
						<Link className="tile" to="/admin/people">
							<strong>People</strong>
							<span>Add people one by one, edit roles and teams, deactivate leavers.</span>
						</Link>
						<Link className="tile" to="/admin/people/import">
							<strong>Import a CSV</strong>
							<span>Bring in everyone at once; re-importing updates only what changed.</span>
						</Link>
						<Link className="tile" to="/admin/outbox">
							<strong>Outbox</strong>
							<span>Every e-mail the app has sent: to whom, and whether it went out.</span>
						</Link>
					</div>
				</>
			) : null}
		</>
	)
}
