/** The pulse comment box says how much of its 2,000 characters is used, instead of stopping silently at the limit. */
import { createElement } from 'react'
import { describe, expect, test } from 'vitest'

import { countAnnouncement, countText } from '~/components/character-count'
import { PulseForm } from '~/components/pulse-form'
import { makeI18n } from '~/i18n/instance'
import enApp from '~/i18n/locales/en/app.json'

import { renderPage } from '../../support/render'

const t = makeI18n('en', { app: enApp }).getFixedT('en', 'app')

describe('the character count', () => {
	test('shows the length of the limit used', () => {
		expect(countText(0, 2000, t, 'en')).toBe('0 of 2,000 characters')
		expect(countText(1234, 2000, t, 'en')).toBe('1,234 of 2,000 characters')
	})

	test('is announced only near the limit, once per step, and at the limit says more is not kept', () => {
		expect(countAnnouncement(0, 2000, t, 'en')).toBe('')
		expect(countAnnouncement(1799, 2000, t, 'en')).toBe('')
		expect(countAnnouncement(1800, 2000, t, 'en')).toBe('200 characters left.')
		expect(countAnnouncement(1850, 2000, t, 'en')).toBe('200 characters left.')
		expect(countAnnouncement(1900, 2000, t, 'en')).toBe('100 characters left.')
		expect(countAnnouncement(1950, 2000, t, 'en')).toBe('50 characters left.')
		expect(countAnnouncement(1999, 2000, t, 'en')).toBe('50 characters left.')
		expect(countAnnouncement(2000, 2000, t, 'en')).toBe('The limit of 2,000 characters is reached; anything more you type is not kept.')
	})

	test('the pulse form’s comment box shows its count, read with the box, and a polite live region', async () => {
		const Page = () =>
			createElement(PulseForm, {
				items: [{ position: 0, kind: 'text', text: 'Anything else?', required: false, dimension: 'comment' }],
				errors: {},
				values: { 'item-0': 'x'.repeat(2000) },
				closesLabel: 'Thursday',
			})
		const html = await renderPage(Page, '/pulses/w', null)
		expect(html).toMatch(/<textarea[^>]*aria-describedby="item-0-count"/)
		expect(html).toContain('id="item-0-count"')
		expect(html).toContain('2,000 of 2,000 characters<!-- --> — the limit; more is not kept.')
		expect(html).toMatch(/aria-live="polite">The limit of 2,000 characters is reached/)
	})
})
