import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'

import { requireAdmin } from '~/auth/guard.server'
import { EmptyState, PageHead, TableScroll } from '~/components/page'
import { formatMinute, WEEKDAYS } from '~/surveys/schedule'
import { listSurveys } from '~/surveys/surveys.server'

export const meta: MetaFunction = () => [{ title: 'Surveys · State of Now' }]

export async function loader({ request }: LoaderFunctionArgs) {
	const { org } = await requireAdmin(request)
	const surveys = await listSurveys(org.id)
	return {
		surveys: surveys.map((s) => ({
			id: s.id,
			name: s.name,
			status: s.status,
			when: `${s.cadence === 'weekly' ? 'Every' : s.cadence === 'biweekly' ? 'Every other' : 'First'} ${WEEKDAYS[s.weekday - 1]}${s.cadence === 'monthly' ? ' of the month' : ''} at ${formatMinute(s.sendMinute)}`,
			waveCount: s.waveCount,
			lastOpened: s.lastOpened?.toISOString() ?? null,
		})),
	}
}

export const STATUS_BADGE = { draft: 'badge', active: 'badge badge-ok', paused: 'badge badge-warn', archived: 'badge badge-danger' } as const

export default function Surveys() {
	const { surveys } = useLoaderData<typeof loader>()
	return (
		<>
			<PageHead
				title="Pulse surveys"
				actions={
					<>
						<Link className="button" to="/admin/surveys/new">
							New survey
						</Link>
						<Link className="button button-secondary" to="/admin/items">
							Question bank
						</Link>
					</>
				}
			>
				Short, regular pulses from the question bank. Answers are anonymous and shown only for groups of at least k people.
			</PageHead>
			{surveys.length === 0 ? (
				<EmptyState title="No surveys yet">
					<Link to="/admin/surveys/new">Build your first pulse</Link>: pick 3 to 8 items, choose who receives it and when.
				</EmptyState>
			) : (
				<TableScroll label="Surveys">
					<table>
						<thead>
							<tr>
								<th scope="col">Survey</th>
								<th scope="col">Status</th>
								<th scope="col" className="hide-sm">
									When
								</th>
								<th scope="col" className="num">
									Waves
								</th>
							</tr>
						</thead>
						<tbody>
							{surveys.map((s) => (
								<tr key={s.id}>
									<td>
										<Link to={`/admin/surveys/${s.id}`}>{s.name}</Link>
									</td>
									<td>
										<span className={STATUS_BADGE[s.status]}>{s.status}</span>
									</td>
									<td className="hide-sm">{s.when}</td>
									<td className="num">{s.waveCount}</td>
								</tr>
							))}
						</tbody>
					</table>
				</TableScroll>
			)}
		</>
	)
}
