import { useTranslation } from 'react-i18next'

import { formatNumber } from '~/i18n/format'

import { TableScroll } from './page'

/** The "nothing was imported" panel shared by every CSV import (on the admin's pages): one row per problem, by line. */
export function ImportProblems({ problems, more }: { problems: { line: number; column?: string | null; message: string }[]; more: number }) {
	const { t, i18n } = useTranslation('integrations')
	return (
		<div className="alert alert-error" role="alert">
			<strong>{t('importProblems.nothing')}</strong> {t('importProblems.fix')}
			<TableScroll label={t('importProblems.label')} style={{ marginTop: '0.6rem' }}>
				<table>
					<thead>
						<tr>
							<th scope="col" className="num">
								{t('importProblems.line')}
							</th>
							<th scope="col">{t('importProblems.column')}</th>
							<th scope="col">{t('importProblems.problem')}</th>
						</tr>
					</thead>
					<tbody>
						{problems.map((p, i) => (
							<tr key={i}>
								<td className="num">{p.line ? formatNumber(p.line, i18n.language) : t('common.dash')}</td>
								<td>{p.column || t('common.dash')}</td>
								<td>{p.message}</td>
							</tr>
						))}
					</tbody>
				</table>
			</TableScroll>
			{more ? <p>{t('importProblems.more', { count: more, more: formatNumber(more, i18n.language) })}</p> : null}
		</div>
	)
}
