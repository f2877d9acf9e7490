/** The dashboard's pure parts: the one verdict on whether a change is real, its words, the heatmap's colour steps and findings in plain words. */
import { describe, expect, test } from 'vitest'

import { changeSentence, changeVerdict, headlineVerdict, verdictWords } from '~/components/dashboard/change-verdict'
import { CELL_INK, contrast, stepOf, STEPS } from '~/components/dashboard/heatmap-scale'
import { plainFinding } from '~/components/dashboard/plain-finding'

describe('is this change real', () => {
	test('the dashboard says what the statistics decided (measureChange), and nothing when a change could not be measured', () => {
		expect(changeVerdict({ verdict: 'up' })).toBe('up')
		expect(changeVerdict({ verdict: 'too-few-clusters' })).toBe('too-few-clusters')
		expect(changeVerdict({ verdict: null })).toBe('unclear')
		expect(changeVerdict({})).toBe('unclear')
		expect(headlineVerdict({ verdict: 'down' })).toBe('down')
		expect(verdictWords('too-few-clusters')).toBe('too few teams to tell whether that is more than chance')
		expect(verdictWords('down')).toBe('more than chance')
	})

	test('said in plain words', () => {
		expect(changeSentence(9.4, 'up', 'since June')).toBe('Up 9 points since June, more than chance.')
		expect(changeSentence(-1, 'unclear', 'since June')).toBe('Down 1 point since June, within what chance alone could give.')
		expect(changeSentence(0.3, 'unclear', 'since June')).toBe('No change since June.')
	})
})

describe('heatmap colours', () => {
	test('every step keeps the printed number at a WCAG AA contrast (4.5:1 or more)', () => {
		for (const s of STEPS) expect(contrast(CELL_INK, s.fill)).toBeGreaterThanOrEqual(4.5)
	})

	test('steps diverge around the reference: below is orange, within 1 point is neutral, above is blue', () => {
		expect([-15, -10, -7, -3, -1, 0, 1, 3, 7, 10, 15].map(stepOf)).toEqual([0, 0, 1, 2, 3, 3, 3, 4, 5, 6, 6])
		// Neighbouring steps differ visibly (distinct fills).
		expect(new Set(STEPS.map((s) => s.fill)).size).toBe(STEPS.length)
	})
})

describe('findings in plain words', () => {
	test('the statistics in brackets move to the disclosure; the sentence stays whole', () => {
		expect(
			plainFinding('Decision autonomy leads first response time by 2 weeks: teams scoring higher on decision autonomy were faster 2 weeks later (ρ = −0.87, 72 team-weeks).'),
		).toBe('Decision autonomy leads first response time by 2 weeks: teams scoring higher on decision autonomy were faster 2 weeks later.')
		expect(plainFinding('Teams in the top quarter for response speed answered customers 3.9× faster (median 61 min vs 239 min).')).toBe(
			'Teams in the top quarter for response speed answered customers 3.9× faster (median 61 min vs 239 min).',
		)
	})
})
