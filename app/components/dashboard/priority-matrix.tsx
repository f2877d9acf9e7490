/**
 * What matters most: for one outcome (eNPS, the culture index), each dimension's score against
 * its importance (rank correlation with the outcome across respondents), with the suggested
 * focus — low score, high importance — named. A small SVG plus the same figures as a table.
 */
import type { TFunction } from 'i18next'
import { Trans } from 'react-i18next'

import { TableScroll } from '~/components/page'
import type { DriverResult } from '~/reports/drivers'

import { type ReportFormat, useReportWords } from './format'
import { dimensionName } from './words'

/** Why no importances are shown, said by the reason's key under `drivers.hidden.`. */
const HIDDEN_KEY: Record<Extract<DriverResult, { shown: false }>['hiddenBecause'], string> = {
	'fewer-than-30': 'fewerThan30',
	'several-pulses': 'severalPulses',
	'group-hidden': 'groupHidden',
	'not-asked': 'notAsked',
	'no-released-week': 'noReleasedWeek',
}

/** Two decimals with a true minus sign, and no "−0.00". */
const rhoOf = (f: ReportFormat) => (x: number) => {
	const s = f.fmt(Math.abs(x), 2)
	return x < 0 && Number(Math.abs(x).toFixed(2)) !== 0 ? `−${s}` : s
}

/**
 * The dashboard's card: the suggested focus said in its title line, the matrices one click away
 * (they are technical detail, and the page stays within three screens).
 */
export function DriversCard({ drivers }: { drivers: { culture: DriverResult; enps: DriverResult } }) {
	const { t, f } = useReportWords()
	const focus = [drivers.enps, drivers.culture].flatMap((d) => (d.shown && d.focus ? [dimensionName(t, d.focus.dimension)] : []))
	const shown = drivers.enps.shown || drivers.culture.shown
	// One week, not the page's period: said with the focus.
	const week = [drivers.enps, drivers.culture].flatMap((d) => (d.shown ? [d.week] : []))[0]
	return (
		<section className="card drivers-card" aria-labelledby="drivers">
			<details>
				<summary>
					<h2 id="drivers">{t('drivers.title')}</h2>{' '}
					<span className="small muted" data-testid="drivers-summary">
						{focus.length ? t('drivers.focusSummary', { list: [...new Set(focus)].join(t('brief.and')) }) : shown ? t('drivers.noFocusSummary') : t('drivers.workedOut')}
						{week ? ` ${t('drivers.fromWeek', { week: f.day(week) })}` : ''}
					</span>
				</summary>
				<PriorityMatrix drivers={drivers} />
			</details>
		</section>
	)
}

export function PriorityMatrix({ drivers }: { drivers: { culture: DriverResult; enps: DriverResult } }) {
	const { t } = useReportWords()
	return (
		<div className="stat-drivers">
			<DriverBlock id="drivers-enps" title={t('drivers.enpsTitle')} result={drivers.enps} outcome={t('drivers.enpsOutcome')} />
			<DriverBlock id="drivers-culture" title={t('drivers.cultureTitle')} result={drivers.culture} outcome={t('drivers.cultureOutcome')} />
		</div>
	)
}

function DriverBlock({ id, title, result: r, outcome }: { id: string; title: string; result: DriverResult; outcome: string }) {
	const { t, f } = useReportWords()
	const rho = rhoOf(f)
	return (
		<section aria-labelledby={id} data-testid={id}>
			<h3 id={id}>{title}</h3>
			{!r.shown ? (
				<p className="muted">{t(`drivers.hidden.${HIDDEN_KEY[r.hiddenBecause]}`)}</p>
			) : (
				<>
					<p data-testid={`${id}-focus`}>
						{r.focus ? (
							<Trans t={t} i18nKey="drivers.focus" values={{ dimension: dimensionName(t, r.focus.dimension), outcome }} components={{ strong: <strong /> }} />
						) : (
							t('drivers.noFocus')
						)}
					</p>
					<Matrix result={r} label={t('drivers.matrixLabel', { title })} t={t} />
					<TableScroll label={t('drivers.tableLabel', { title })}>
						<table className="small">
							<thead>
								<tr>
									<th scope="col">{t('table.dimension')}</th>
									<th scope="col" className="num">
										{t('drivers.score')}
									</th>
									<th scope="col" className="num">
										{t('drivers.importance')}
									</th>
								</tr>
							</thead>
							<tbody>
								{r.importances.map((i, n) => {
									const p = r.priorities.find((x) => x.dimension === i.dimension)!
									return (
										<tr key={i.dimension}>
											<th scope="row">
												<span className="stat-matrix-key">{n + 1}</span> {dimensionName(t, i.dimension)}
												{p.focus ? <span className="badge badge-warn"> {t('drivers.focusBadge')}</span> : null}
											</th>
											<td className="num">{f.fmt(p.score)}</td>
											<td className="num">
												{rho(i.importance)}
												<span className="stat-pq">
													{i.low === null || i.high === null
														? t('drivers.intervalTooFew', { clusters: r.clusters })
														: t('drivers.interval', { low: rho(i.low), high: rho(i.high) })}
												</span>
											</td>
										</tr>
									)
								})}
							</tbody>
						</table>
					</TableScroll>
					<p className="small muted">{t('drivers.note', { count: r.n, week: r.week, outcome, clusters: r.clusters })}</p>
				</>
			)}
		</section>
	)
}

// Plot area in SVG units; the SVG scales to its box, so it fits a phone and a desktop alike.
const W = 320
const H = 190
const PAD = { left: 30, right: 12, top: 12, bottom: 30 }

/**
 * Score (up) against importance (right), each dimension a numbered dot (the number of its row in
 * the table, so close dots never hide each other's names); the shaded corner is the focus rule:
 * at most the bottom quarter's highest score, at least the median importance.
 */
function Matrix({ result: r, label, t }: { result: Extract<DriverResult, { shown: true }>; label: string; t: TFunction }) {
	const imps = r.priorities.map((p) => p.importance)
	const scores = r.priorities.map((p) => p.score)
	const lo = Math.min(0, ...imps) - 0.05
	const hi = Math.max(0.2, ...imps) + 0.05
	const sLo = Math.max(0, Math.floor((Math.min(...scores) - 8) / 10) * 10)
	const sHi = Math.min(100, Math.ceil((Math.max(...scores) + 8) / 10) * 10)
	const x = (v: number) => PAD.left + ((v - lo) / (hi - lo)) * (W - PAD.left - PAD.right)
	const y = (s: number) => PAD.top + (1 - (s - sLo) / (sHi - sLo || 1)) * (H - PAD.top - PAD.bottom)
	const number = new Map(r.importances.map((i, n) => [i.dimension, n + 1]))
	return (
		<svg className="stat-matrix" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label}>
			<rect x={x(r.cuts.importance)} y={y(r.cuts.score)} width={W - PAD.right - x(r.cuts.importance)} height={y(sLo) - y(r.cuts.score)} className="stat-matrix-focus" />
			<line x1={PAD.left} x2={W - PAD.right} y1={y(sLo)} y2={y(sLo)} className="stat-matrix-axis" />
			<line x1={PAD.left} x2={PAD.left} y1={y(sHi)} y2={y(sLo)} className="stat-matrix-axis" />
			{lo < 0 ? <line x1={x(0)} x2={x(0)} y1={y(sHi)} y2={y(sLo)} className="stat-matrix-zero" /> : null}
			<text x={PAD.left - 4} y={y(sHi) + 4} textAnchor="end" className="stat-matrix-tick">
				{sHi}
			</text>
			<text x={PAD.left - 4} y={y(sLo)} textAnchor="end" className="stat-matrix-tick">
				{sLo}
			</text>
			<text x={PAD.left} y={H - 8} className="stat-matrix-tick">
				{t('drivers.axes')}
			</text>
			<text x={W - PAD.right - 3} y={y(sLo) - 4} textAnchor="end" className="stat-matrix-tick">
				{t('drivers.focusCorner')}
			</text>
			{r.priorities.map((p) => (
				<g key={p.dimension}>
					<circle cx={x(p.importance)} cy={y(p.score)} r={7} className={p.focus ? 'stat-matrix-dot stat-matrix-dot-focus' : 'stat-matrix-dot'}>
						<title>{t('drivers.dot', { dimension: dimensionName(t, p.dimension), score: p.score.toFixed(0), importance: p.importance.toFixed(2) })}</title>
					</circle>
					<text x={x(p.importance)} y={y(p.score) + 3.5} textAnchor="middle" className="stat-matrix-number" aria-hidden="true">
						{number.get(p.dimension)}
					</text>
				</g>
			))}
		</svg>
	)
}
