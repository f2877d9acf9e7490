import { CategoryScale, Chart as ChartJS, Legend, LinearScale, LineElement, PointElement, Tooltip } from 'chart.js'
import { Line, Scatter } from 'react-chartjs-2'

ChartJS.register(CategoryScale, LinearScale, PointElement, LineElement, Tooltip, Legend)

// Colours that stay apart for colour-blind readers (Okabe–Ito); lines also differ by dash.
const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#000000', '#F0E442']
const DASHES = [[], [6, 3], [2, 2], [8, 3, 2, 3], [4, 4], [1, 3], [10, 2], [3, 6]]

export function TrendChart({
	labels,
	series,
	yTitle = 'score (0–100)',
}: {
	labels: string[]
	series: { label: string; data: (number | null)[]; bold?: boolean }[]
	yTitle?: string
}) {
	return (
		<Line
			aria-hidden="true"
			data={{
				labels,
				datasets: series.map((s, i) => ({
					label: s.label,
					data: s.data,
					borderColor: PALETTE[i % PALETTE.length],
					backgroundColor: PALETTE[i % PALETTE.length],
					borderDash: DASHES[i % DASHES.length],
					borderWidth: s.bold ? 3.5 : 1.5,
					pointRadius: s.bold ? 2.5 : 0,
					spanGaps: false,
					tension: 0.2,
				})),
			}}
			options={{
				responsive: true,
				maintainAspectRatio: false,
				animation: false,
				scales: { y: { min: 0, max: 100, title: { display: true, text: yTitle } } },
				plugins: { legend: { position: 'bottom' } },
			}}
		/>
	)
}

export function ScatterChart({ points, xLabel, yLabel }: { points: { x: number; y: number }[]; xLabel: string; yLabel: string }) {
	return (
		<Scatter
			aria-hidden="true"
			data={{ datasets: [{ label: 'team-weeks', data: points, backgroundColor: 'rgba(0,114,178,0.55)', pointRadius: 3.5 }] }}
			options={{
				responsive: true,
				maintainAspectRatio: false,
				animation: false,
				scales: { x: { title: { display: true, text: xLabel }, min: 0, max: 100 }, y: { type: 'linear', title: { display: true, text: yLabel } } },
				plugins: { legend: { display: false } },
			}}
		/>
	)
}
