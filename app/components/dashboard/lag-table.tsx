/**
 * Culture ↔ first response time: ρ per dimension and lag, each with its team-respecting p and
 * its Benjamini–Hochberg q; the tests that survive the false-discovery rate are marked.
 */
import { TableScroll } from '~/components/page'
import type { TestedLag } from '~/reports/stats'

import { useReportWords } from './format'
import { dimensionName } from './words'

export interface LagTableProps {
	correlations: { dimension: string; label: string; lags: TestedLag[] }[]
	test: { teams: number; permutations: number; exact: boolean; fdr: number; tests: number }
}

export function LagTable({ correlations, test }: LagTableProps) {
	const { t, f } = useReportWords()
	const pq = (x: number) => (x < 0.001 ? `< ${f.fmt(0.001, 3)}` : f.fmt(x, 3))
	const lags = correlations[0]?.lags.map((l) => l.lag) ?? [0, 1, 2, 3, 4]
	return (
		<>
			<TableScroll label={t('lags.tableLabel')}>
				<table className="stat-lags" data-testid="lag-table">
					<thead>
						<tr>
							<th scope="col">{t('table.dimension')}</th>
							{lags.map((l) => (
								<th key={l} scope="col" className="num">
									{t('lags.lag', { lag: l })}
								</th>
							))}
						</tr>
					</thead>
					<tbody>
						{correlations.map((c) => (
							<tr key={c.dimension}>
								<th scope="row">{dimensionName(t, c.dimension)}</th>
								{c.lags.map((l) => (
									<td key={l.lag} className={`num${l.significant ? ' stat-significant' : ''}`} data-significant={l.significant ? 'yes' : 'no'}>
										{l.rho === null ? (
											'—'
										) : (
											<>
												{f.fmt(l.rho, 2)}
												{l.significant ? ' †' : ''}
												<span className="stat-pq">{t('lags.p', { value: pq(l.p) })}</span>
												<span className="stat-pq">{t('lags.q', { value: pq(l.q) })}</span>
											</>
										)}
									</td>
								))}
							</tr>
						))}
					</tbody>
				</table>
			</TableScroll>
			<p className="small muted" data-testid="lag-method">
				{t('lags.method', {
					pairings: test.exact
						? t('lags.allPairings', { count: test.permutations, n: f.fmt(test.permutations) })
						: t('lags.randomPairings', { count: test.permutations, n: f.fmt(test.permutations) }),
					teams: test.teams,
					tests: test.tests,
					fdr: f.fmt(test.fdr, 2),
				})}
			</p>
		</>
	)
}
