import { CategoryScale, Chart as ChartJS, Legend, LinearScale, LineElement, PointElement, Tooltip } from 'chart.js'
import { type KeyboardEvent, useRef, useState } from 'react'
import { Line, Scatter } from 'react-chartjs-2'
import { useTranslation } from 'react-i18next'

ChartJS.register(CategoryScale, LinearScale, PointElement, LineElement, Tooltip, Legend)

// Colours that stay apart for colour-blind readers (Okabe–Ito); lines also differ by dash.
const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#000000', '#F0E442']
const INK_SOFT = '#4d5a69'
const GRID = '#e8ebef'

/** One line (the index) with its target as a dashed level line; the y axis fits the data and the target. */
export function IndexTrendChart({
	labels,
	values,
	target,
	label,
	targetLabel,
}: {
	labels: string[]
	values: (number | null)[]
	target: number | null
	label: string
	/** The target line's legend ("Target 75"), in the reader's words. */
	targetLabel: string
}) {
	const { i18n } = useTranslation()
	const known = [...values.filter((v): v is number => v !== null), ...(target === null ? [] : [target])]
	const min = known.length ? Math.max(0, Math.floor((Math.min(...known) - 5) / 10) * 10) : 0
	const max = known.length ? Math.min(100, Math.ceil((Math.max(...known) + 5) / 10) * 10) : 100
	return (
		<Line
			aria-hidden="true"
			data={{
				labels,
				datasets: [
					{ label, data: values, borderColor: '#0f5c4d', backgroundColor: '#0f5c4d', borderWidth: 3, pointRadius: 2.5, tension: 0.25, spanGaps: false },
					...(target === null
						? []
						: [
								{
									label: targetLabel,
									data: labels.map(() => target),
									borderColor: '#b35900',
									backgroundColor: '#b35900',
									borderDash: [6, 4],
									borderWidth: 2,
									pointRadius: 0,
								},
							]),
				],
			}}
			options={{
				responsive: true,
				maintainAspectRatio: false,
				animation: false,
				// Tick and tooltip numbers in the reader's language (Chart.js formats them with Intl).
				locale: i18n.language,
				scales: { y: { min, max, grid: { color: GRID }, ticks: { color: INK_SOFT } }, x: { grid: { display: false }, ticks: { color: INK_SOFT, maxTicksLimit: 9 } } },
				plugins: { legend: { position: 'top', align: 'end', labels: { boxWidth: 18, boxHeight: 2 } } },
			}}
		/>
	)
}

/** A small multiple: one dimension's weekly line on a scale shared with its siblings. */
export function SmallTrendChart({ labels, data, min, max }: { labels: string[]; data: (number | null)[]; min: number; max: number }) {
	const { i18n } = useTranslation()
	return (
		<Line
			aria-hidden="true"
			data={{ labels, datasets: [{ data, borderColor: '#0072B2', backgroundColor: '#0072B2', borderWidth: 2, pointRadius: 0, tension: 0.25, spanGaps: false }] }}
			options={{
				responsive: true,
				maintainAspectRatio: false,
				animation: false,
				// Tick and tooltip numbers in the reader's language (Chart.js formats them with Intl).
				locale: i18n.language,
				scales: {
					y: { min, max, ticks: { maxTicksLimit: 3, color: INK_SOFT, font: { size: 10 } }, grid: { color: GRID } },
					x: { display: false },
				},
				plugins: { legend: { display: false }, tooltip: { enabled: true, displayColors: false } },
			}}
		/>
	)
}

/** eNPS by week, −100 to +100, with the zero line drawn firmer. */
export function EnpsTrendChart({ labels, values, label }: { labels: string[]; values: (number | null)[]; label: string }) {
	const { i18n } = useTranslation()
	const known = values.filter((v): v is number => v !== null)
	// Whole fifties that hold the data and zero: ticks at −100, −50, 0, 50, 100 only.
	const min = known.length ? Math.max(-100, Math.floor((Math.min(...known, 0) - 5) / 50) * 50) : -100
	const max = known.length ? Math.min(100, Math.ceil((Math.max(...known, 0) + 5) / 50) * 50) : 100
	return (
		<Line
			aria-hidden="true"
			data={{
				labels,
				datasets: [{ label, data: values, borderColor: '#CC79A7', backgroundColor: '#CC79A7', borderWidth: 2.5, pointRadius: 1.5, tension: 0.25, spanGaps: false }],
			}}
			options={{
				responsive: true,
				maintainAspectRatio: false,
				animation: false,
				// Tick and tooltip numbers in the reader's language (Chart.js formats them with Intl).
				locale: i18n.language,
				scales: {
					y: { min, max, ticks: { stepSize: 50, color: INK_SOFT, font: { size: 10 } }, grid: { color: (ctx) => (ctx.tick.value === 0 ? '#8a96a3' : GRID) } },
					x: { display: false },
				},
				plugins: { legend: { display: false }, tooltip: { displayColors: false } },
			}}
		/>
	)
}

export type ScatterPoint = { x: number; y: number; team: string; week: string }

/**
 * Team-weeks as dots, one colour per team. Hovering a dot names its team and week; so does the
 * keyboard: with the chart focused, the arrow keys step through the dots.
 */
export interface ScatterWords {
	/** How to step through the dots with the keyboard, said after the chart's label. */
	keys: string
	title: (team: string, week: string) => string
	label: (x: number, y: number) => string
	/** What the screen reader hears for the dot the arrow keys reached. */
	focused: (team: string, week: string, x: number, y: number) => string
}

export function ScatterChart({ points, xLabel, yLabel, label, words }: { points: ScatterPoint[]; xLabel: string; yLabel: string; label: string; words: ScatterWords }) {
	const { i18n } = useTranslation()
	const chart = useRef<ChartJS<'scatter'>>(null)
	const [focused, setFocused] = useState<string | null>(null)
	const teams = [...new Set(points.map((p) => p.team))].sort()
	const datasets = teams.map((team, i) => ({
		label: team,
		data: points.filter((p) => p.team === team),
		backgroundColor: PALETTE[i % PALETTE.length],
		borderColor: PALETTE[i % PALETTE.length],
		pointRadius: 4,
		pointHoverRadius: 7,
		pointStyle: (['circle', 'rect', 'triangle', 'rectRot', 'crossRot', 'star'] as const)[i % 6],
	}))
	const order = datasets.flatMap((d, datasetIndex) => d.data.map((_, index) => ({ datasetIndex, index })))
	const position = useRef(-1)
	const onKey = (e: KeyboardEvent) => {
		const c = chart.current
		if (!c || !order.length || !['ArrowRight', 'ArrowLeft', 'ArrowUp', 'ArrowDown', 'Escape'].includes(e.key)) return
		e.preventDefault()
		if (e.key === 'Escape') {
			position.current = -1
			c.setActiveElements([])
			c.tooltip?.setActiveElements([], { x: 0, y: 0 })
			setFocused(null)
			c.update()
			return
		}
		const step = e.key === 'ArrowRight' || e.key === 'ArrowDown' ? 1 : -1
		position.current = (position.current + step + order.length) % order.length
		const active = order[position.current]!
		c.setActiveElements([active])
		c.tooltip?.setActiveElements([active], { x: 0, y: 0 })
		c.update()
		const p = datasets[active.datasetIndex]!.data[active.index]!
		setFocused(words.focused(p.team, p.week, Math.round(p.x), Math.round(p.y)))
	}
	return (
		<>
			<Scatter
				ref={chart}
				role="img"
				aria-label={`${label}. ${words.keys}`}
				tabIndex={0}
				onKeyDown={onKey}
				data={{ datasets }}
				options={{
					responsive: true,
					maintainAspectRatio: false,
					animation: false,
					locale: i18n.language,
					scales: {
						x: { title: { display: true, text: xLabel, color: INK_SOFT }, grid: { color: GRID } },
						y: { type: 'linear', title: { display: true, text: yLabel, color: INK_SOFT }, grid: { color: GRID } },
					},
					plugins: {
						legend: { position: 'bottom', labels: { usePointStyle: true, boxWidth: 8 } },
						tooltip: {
							callbacks: {
								title: (items) => {
									const p = items[0]?.raw as ScatterPoint | undefined
									return p ? words.title(p.team, p.week) : ''
								},
								label: (item) => {
									const p = item.raw as ScatterPoint
									return words.label(Math.round(p.x), Math.round(p.y))
								},
							},
						},
					},
				}}
			/>
			<p className="sr-only" aria-live="polite">
				{focused ?? ''}
			</p>
		</>
	)
}
