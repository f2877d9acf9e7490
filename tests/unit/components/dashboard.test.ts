/** The dashboard's pure parts: the one verdict on whether a change is real, its words, the heatmap's colour steps and findings in plain words. */
import { describe, expect, test } from 'vitest'

import { changeSentence, changeVerdict, headlineVerdict, verdictWords } from '~/components/dashboard/change-verdict'
import { findingText } from '~/components/dashboard/finding'
import { reportFormat } from '~/components/dashboard/format'
import { CELL_INK, contrast, stepOf, STEPS } from '~/components/dashboard/heatmap-scale'
import { sectionPeriod } from '~/components/dashboard/section-period'
import { fixedT } from '~/i18n/i18n.server'

const t = fixedT('en', 'reports')
const f = reportFormat('en', t)

describe('is this change real', () => {
	test('the dashboard says what the statistics decided (measureChange), and nothing when a change could not be measured', () => {
		expect(changeVerdict({ verdict: 'up' })).toBe('up')
		expect(changeVerdict({ verdict: 'too-few-clusters' })).toBe('too-few-clusters')
		expect(changeVerdict({ verdict: null })).toBe('unclear')
		expect(changeVerdict({})).toBe('unclear')
		expect(headlineVerdict({ verdict: 'down' })).toBe('down')
		expect(verdictWords('too-few-clusters', t)).toBe('too few teams to tell whether that is more than chance')
		expect(verdictWords('down', t)).toBe('more than chance')
	})

	test('said in plain words', () => {
		expect(changeSentence(9.4, 'up', 'since June', t)).toBe('Up 9 points since June, more than chance.')
		expect(changeSentence(-1, 'unclear', 'since June', t)).toBe('Down 1 point since June, within what chance alone could give.')
		expect(changeSentence(0.3, 'unclear', 'since June', t)).toBe('No change since June.')
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

describe("findings in the reader's words", () => {
	const leads = { key: 'leads', faster: true, dimension: 'autonomy', lag: 2, rho: -0.87, n: 72, q: 0.0123 } as const
	test('the first screen says the sentence; "How this was computed" adds its statistics', () => {
		expect(findingText(leads, f, t)).toBe('Decision autonomy leads first response time by 2 weeks: teams scoring higher on decision autonomy were faster 2 weeks later.')
		expect(findingText(leads, f, t, true)).toBe(
			'Decision autonomy leads first response time by 2 weeks: teams scoring higher on decision autonomy were faster 2 weeks later (ρ = −0.87, 72 team-weeks, q = 0.012).',
		)
		expect(findingText({ key: 'contrast', faster: true, dimension: 'speed', factor: 3.9, top: 61.2, bottom: 239 }, f, t)).toBe(
			'Teams in the top quarter for response speed answered customers 3.9× faster (median 61 min vs 239 min).',
		)
		expect(findingText({ key: 'improved', dimension: 'voice', delta: 12.04 }, f, t)).toBe('Bottom-up flow improved most since the baseline: +12 points.')
	})
	test('in German, with German numbers', () => {
		const de = fixedT('de', 'reports')
		const text = findingText(leads, reportFormat('de', de), de, true)
		expect(text).toContain('−0,87')
		expect(text).not.toContain('Decision autonomy')
	})
})

describe('each section says which weeks it covers', () => {
	const page = { from: '2026-06-01', to: '2026-11-29', latest: { from: '2026-11-02', to: '2026-11-29' }, baseline: { from: '2026-06-01', to: '2026-06-28' } }
	test('a section over the latest weeks names them when they are not the page’s period; a change names both windows', () => {
		expect(sectionPeriod(page, 'latest', t, f)).toBe('Latest weeks, 2 Nov – 29 Nov 2026.')
		expect(sectionPeriod(page, 'change', t, f)).toBe('Latest weeks, 2 Nov – 29 Nov 2026; baseline 1 Jun – 28 Jun 2026.')
		expect(sectionPeriod({ ...page, baseline: null }, 'change', t, f)).toBe('Latest weeks, 2 Nov – 29 Nov 2026; the baseline is not in this period.')
	})
	test('nothing more to say when the section covers the page’s own period', () => {
		expect(sectionPeriod({ ...page, from: '2026-11-02' }, 'latest', t, f)).toBeNull()
	})
})
