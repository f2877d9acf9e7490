/** The scatter's points packed for the page come back exactly: every team, week and double as it was. */
import { expect, test } from 'vitest'

import { packScatter, type ScatterPoint, unpackScatter } from '~/components/dashboard/scatter-points'

test('packed and unpacked, the points are the same, in the same order', () => {
	const points: ScatterPoint[] = []
	for (let t = 0; t < 7; t++)
		for (let w = 0; w < 5; w++)
			points.push({ team: `Division ${t % 3}/Team ${t}`, week: `2026-0${w + 1}-05`, autonomy: (t * 31 + w) / 3, firstReplyMinutes: Math.PI * (w + 1) * 1e-7 + t * 123.456789 })
	points.push({ team: 'Quote "and" \\ back', week: '2026-06-01', autonomy: 0, firstReplyMinutes: Number.MIN_VALUE })
	expect(unpackScatter(packScatter(points))).toEqual(points)
	expect(unpackScatter(packScatter([]))).toEqual([])
	// Each team and week is named once.
	expect(JSON.parse(packScatter(points)).t).toHaveLength(8)
})
