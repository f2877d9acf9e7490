import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { Trans, useTranslation } from 'react-i18next'

import { requireAdmin } from '~/auth/guard.server'
import { EmptyState, PageHead, TableScroll } from '~/components/page'
import { adminTitle } from '~/i18n/admin-title'
import { weekdayName } from '~/i18n/weekdays'
import { formatMinute } from '~/surveys/schedule'
import { listSurveys } from '~/surveys/surveys.server'

export const meta: MetaFunction = ({ matches }) => [{ title: adminTitle(matches, (t) => t('surveys.title')) }]

export async function loader({ request }: LoaderFunctionArgs) {
	const { org } = await requireAdmin(request)
	const surveys = await listSurveys(org.id)
	return {
		surveys: surveys.map((s) => ({
			id: s.id,
			name: s.name,
			status: s.status,
			cadence: s.cadence,
			weekday: s.weekday,
			time: formatMinute(s.sendMinute),
			waveCount: s.waveCount,
			lastOpened: s.lastOpened?.toISOString() ?? null,
		})),
	}
}

export const STATUS_BADGE = { draft: 'badge', active: 'badge badge-ok', paused: 'badge badge-warn', archived: 'badge badge-danger' } as const

export default function Surveys() {
	const { surveys } = useLoaderData<typeof loader>()
	const { t, i18n } = useTranslation('admin')
	return (
		<>
			<PageHead
				title={t('surveys.heading')}
				actions={
					<>
						<Link className="button" to="/admin/surveys/new">
							{t('surveys.new')}
						</Link>
						<Link className="button button-secondary" to="/admin/items">
							{t('items.title')}
						</Link>
					</>
				}
			>
				{t('surveys.intro')}
			</PageHead>
			{surveys.length === 0 ? (
				<EmptyState title={t('surveys.empty')}>
					<span>
						<Trans t={t} i18nKey="surveys.emptyHint" components={{ build: <Link to="/admin/surveys/new" /> }} />
					</span>
				</EmptyState>
			) : (
				<TableScroll label={t('surveys.title')}>
					<table>
						<thead>
							<tr>
								<th scope="col">{t('surveys.survey')}</th>
								<th scope="col">{t('surveys.status')}</th>
								<th scope="col" className="hide-sm">
									{t('surveys.when')}
								</th>
								<th scope="col" className="num">
									{t('surveys.waves')}
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
										<span className={STATUS_BADGE[s.status]}>{t(`surveys.statuses.${s.status}`)}</span>
									</td>
									<td className="hide-sm">{t(`surveys.schedule.${s.cadence}`, { day: weekdayName(i18n.language, s.weekday), time: s.time })}</td>
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
