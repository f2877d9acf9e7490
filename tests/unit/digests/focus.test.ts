/** The manager digest's one suggested focus: the drivers' focus when there is one, else the weakest dimension (ties by weight). */
import { describe, expect, test } from 'vitest'

import { suggestFocus } from '~/digests/focus'

const weights = { autonomy: 2, approval: 1, speed: 1 }

describe('suggested focus', () => {
	test('the driver analysis names it when the team had 30 respondents and a clear one, even if another dimension scores lower', () => {
		expect(suggestFocus({ autonomy: 40, approval: 35, speed: 70 }, weights, { dimension: 'autonomy', label: 'Decision autonomy' })).toEqual({
			dimension: 'autonomy',
			label: 'Decision autonomy',
			score: 40,
		})
	})

	test('without one, the weakest dimension; of equal scores the one weighing more in the index', () => {
		expect(suggestFocus({ autonomy: 40, approval: 35, speed: 70 }, weights)?.dimension).toBe('approval')
		expect(suggestFocus({ autonomy: 35, approval: 35, speed: 70 }, weights, null)?.dimension).toBe('autonomy')
		// A drivers' focus on a dimension the team was not scored on this week is not used.
		expect(suggestFocus({ approval: 35, speed: 70 }, weights, { dimension: 'autonomy', label: 'Decision autonomy' })?.dimension).toBe('approval')
		expect(suggestFocus({}, weights)).toBeNull()
	})
})
