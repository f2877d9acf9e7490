/**
 * axe-core in the browser tests: every rule axe runs by default (WCAG 2.x A/AA and its best
 * practices), on the page as it is now. Any test can call `expectAccessible(page, 'what')` after
 * bringing a page into a state worth checking.
 */
import AxeBuilder from '@axe-core/playwright'
import type { Page } from 'playwright-core'
import { expect } from 'vitest'

/** One line per violation: the state, the rule, its impact and up to three offending elements. */
export async function axeViolations(page: Page, state: string): Promise<string[]> {
	const results = await new AxeBuilder({ page }).analyze()
	return results.violations.map(
		(v) =>
			`${state}: ${v.id} (${v.impact}) ${v.nodes
				.slice(0, 3)
				.map((n) => n.target.join(' '))
				.join(' | ')}${v.nodes.length > 3 ? ` and ${v.nodes.length - 3} more` : ''}`,
	)
}

export async function expectAccessible(page: Page, state: string) {
	expect(await axeViolations(page, state)).toEqual([])
}
