/**
 * Culture ↔ first response time: ρ per dimension and lag, each with its team-respecting p and
 * its Benjamini–Hochberg q; the tests that survive the false-discovery rate are marked.
 */
import { TableScroll } from '~/components/page'
import type { TestedLag } from '~/reports/stats'

export interface LagTableProps {
	correlations: { dimension: string; label: string; lags: TestedLag[] }[]
	test: { teams: number; permutations: number; exact: boolean; fdr: number; tests: number }
}

const pq = (x: number) => (x < 0.001 ? '< 0.001' : x.toFixed(3))

export function LagTable({ correlations, test }: LagTableProps) {
	const lags = correlations[0]?.lags.map((l) => l.lag) ?? [0, 1, 2, 3, 4]
	return (
		<>
			<TableScroll label="Rank correlations by dimension and lag, with p and q">
				<table className="stat-lags" data-testid="lag-table">
					<thead>
						<tr>
							<th scope="col">Dimension</th>
							{lags.map((l) => (
								<th key={l} scope="col" className="num">
									lag {l}
								</th>
							))}
						</tr>
					</thead>
					<tbody>
						{correlations.map((c) => (
							<tr key={c.dimension}>
								<th scope="row">{c.label}</th>
								{c.lags.map((l) => (
									<td key={l.lag} className={`num${l.significant ? ' stat-significant' : ''}`} data-significant={l.significant ? 'yes' : 'no'}>
										{l.rho === null ? (
											'—'
										) : (
											<>
												{l.rho.toFixed(2)}
												{l.significant ? ' †' : ''}
												<span className="stat-pq">p {pq(l.p)}</span>
												<span className="stat-pq">q {pq(l.q)}</span>
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
				p: whole teams’ series re-paired with each other (
				{test.exact ? `all ${test.permutations.toLocaleString('en')} pairings` : `${test.permutations.toLocaleString('en')} random pairings`} of {test.teams} teams with response
				times), so a team’s weeks are not counted as independent. q: adjusted for the {test.tests} tests together (Benjamini–Hochberg). † q ≤ {test.fdr}: only these feed the
				findings.
			</p>
		</>
	)
}
