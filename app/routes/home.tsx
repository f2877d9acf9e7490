import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { requireUser } from '~/auth/guard.server'
import { getTeam } from '~/org/teams.server'
import { levelLabels, roleLabels } from '~/org/person-schema'

export const meta: MetaFunction = () => [{ title: 'Home · State of Now' }]

export async function loader({ request }: LoaderFunctionArgs) {
	const { user, org } = await requireUser(request)
	const team = user.teamId ? await getTeam(org.id, user.teamId) : null
	return {
		name: user.name,
		role: user.role,
		roleLabel: roleLabels[user.role],
		levelLabel: levelLabels[user.level],
		teamPath: team?.path ?? null,
		org: { name: org.name, anonymityK: org.anonymityK },
	}
}

export default function Home() {
	const d = useLoaderData<typeof loader>()
	return (
		<>
			<div className="page-head">
				<div>
					<h1>Hello, {d.name.split(' ')[0]}</h1>
					<p>
						{d.roleLabel} · {d.levelLabel}
						{d.teamPath ? ` · ${d.teamPath.replace(/\//g, ' › ')}` : ''} · {d.org.name}
					</p>
				</div>
			</div>
			<div className="card">
				<h2>Your pulses</h2>
				<p className="muted">
					No pulse is open for you right now. When your people team launches one, it appears here and in your inbox;
					answering takes a minute or two.
				</p>
				<p className="small muted">
					Your answers are stored without your name, and no result is shown for a group of fewer than {d.org.anonymityK} people.
				</p>
			</div>
			{d.role === 'admin' ? (
				<>
					<h2>Set up your organisation</h2>
					<div className="grid">
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
							<span>Every e-mail the app has sent, with its links.</span>
						</Link>
					</div>
				</>
			) : null}
		</>
	)
}
