/**
 * readAnswers: the check of a submitted pulse form against the wave's items. Pure — the module
 * imports database code, but readAnswers never touches the database.
 */
import { describe, expect, it } from 'vitest'

import { readAnswers } from '~/pulses/answer-form'
import { type PulseView } from '~/pulses/pulse-view.server'

type Item = PulseView['items'][number]

function item(position: number, kind: Item['kind'], over: Partial<Item> = {}): Item {
	return { position, kind, text: `Question ${position}`, required: true, reverse: false, dimension: kind === 'text' ? 'comment' : 'autonomy', translations: {}, ...over }
}

describe('readAnswers: a complete, valid form', () => {
	it('returns one answer per item with its position and value, and no errors', () => {
		const items = [
			item(1, 'likert'),
			item(2, 'scale10', { dimension: 'enps' }),
			item(3, 'count', { dimension: 'approval' }),
			item(4, 'hours', { dimension: 'speed' }),
			item(5, 'text'),
		]
		const form = { 'item-1': '4', 'item-2': '9', 'item-3': '12', 'item-4': '2,5', 'item-5': 'More coffee.' }
		expect(readAnswers(items, form)).toEqual({
			answers: [
				{ position: 1, value: 4, text: null },
				{ position: 2, value: 9, text: null },
				{ position: 3, value: 12, text: null },
				{ position: 4, value: 2.5, text: null },
			],
			comment: 'More coffee.',
			errors: {},
		})
	})

	it('reads each item from its own item-<position> key, whatever the positions are', () => {
		const items = [item(7, 'likert'), item(3, 'likert'), item(12, 'scale10')]
		const form = { 'item-3': '1', 'item-7': '5', 'item-12': '0', 'item-1': '2', extra: 'ignored' }
		expect(readAnswers(items, form)).toEqual({
			answers: [
				{ position: 7, value: 5, text: null },
				{ position: 3, value: 1, text: null },
				{ position: 12, value: 0, text: null },
			],
			comment: null,
			errors: {},
		})
	})

	it('trims whitespace around numbers and text', () => {
		const items = [item(1, 'likert'), item(2, 'text')]
		expect(readAnswers(items, { 'item-1': '  3 \n', 'item-2': '\n  Thanks all.  \t' })).toEqual({
			answers: [{ position: 1, value: 3, text: null }],
			comment: 'Thanks all.',
			errors: {},
		})
	})

	it('handles an empty wave', () => {
		expect(readAnswers([], { 'item-1': '3' })).toEqual({ answers: [], comment: null, errors: {} })
	})
})

describe('readAnswers: missing answers', () => {
	it('asks to choose an answer for a required agree–disagree or 0–10 item', () => {
		const items = [item(1, 'likert'), item(2, 'scale10', { dimension: 'enps' })]
		const r = readAnswers(items, {})
		expect(r.errors).toEqual({ 'item-1': 'Choose an answer.', 'item-2': 'Choose an answer.' })
		expect(r.answers).toEqual([])
	})

	it('asks to enter an answer for a required count, hours or text item', () => {
		const items = [item(1, 'count'), item(2, 'hours'), item(3, 'text', { dimension: 'voice' })]
		expect(readAnswers(items, {}).errors).toEqual({ 'item-1': 'Enter an answer.', 'item-2': 'Enter an answer.', 'item-3': 'Enter an answer.' })
	})

	it('treats a blank or whitespace-only value as missing', () => {
		const items = [item(1, 'likert'), item(2, 'count'), item(3, 'text')]
		expect(readAnswers(items, { 'item-1': '', 'item-2': '   ', 'item-3': '\n\t ' }).errors).toEqual({
			'item-1': 'Choose an answer.',
			'item-2': 'Enter an answer.',
			'item-3': 'Enter an answer.',
		})
	})

	it('treats a value that is not text (e.g. an uploaded file) as missing', () => {
		const items = [item(1, 'likert'), item(2, 'hours')]
		const file = new File(['4'], 'answer.txt')
		expect(readAnswers(items, { 'item-1': file, 'item-2': 3 }).errors).toEqual({ 'item-1': 'Choose an answer.', 'item-2': 'Enter an answer.' })
	})

	it('skips optional items left blank, without an error and without an answer', () => {
		const items = [
			item(1, 'likert', { required: false }),
			item(2, 'scale10', { required: false }),
			item(3, 'count', { required: false }),
			item(4, 'hours', { required: false }),
			item(5, 'text', { required: false }),
			item(6, 'likert'),
		]
		expect(readAnswers(items, { 'item-1': ' ', 'item-6': '2' })).toEqual({
			answers: [{ position: 6, value: 2, text: null }],
			comment: null,
			errors: {},
		})
	})

	it('still checks an optional item that was answered', () => {
		expect(readAnswers([item(1, 'likert', { required: false })], { 'item-1': '9' }).errors).toEqual({ 'item-1': 'Choose one of the five answers.' })
	})

	it('reports every problem at once, keyed by item', () => {
		const items = [item(1, 'likert'), item(2, 'likert'), item(3, 'count')]
		const r = readAnswers(items, { 'item-1': '3', 'item-3': '-1' })
		expect(r.errors).toEqual({ 'item-2': 'Choose an answer.', 'item-3': 'Enter a whole number from 0 to 1000.' })
	})
})

describe('readAnswers: agree–disagree (likert) items take a whole number from 1 to 5', () => {
	it.each([
		['1', 1],
		['2', 2],
		['3', 3],
		['4', 4],
		['5', 5],
	])('accepts %s', (raw, value) => {
		expect(readAnswers([item(1, 'likert')], { 'item-1': raw })).toEqual({ answers: [{ position: 1, value, text: null }], comment: null, errors: {} })
	})

	it.each(['0', '6', '-1', '2.5', '100'])('rejects %s', (raw) => {
		const r = readAnswers([item(1, 'likert')], { 'item-1': raw })
		expect(r.errors).toEqual({ 'item-1': 'Choose one of the five answers.' })
		expect(r.answers).toEqual([])
	})

	it.each(['agree', 'Infinity', '3 stars', 'NaN'])('asks for a number instead of %s', (raw) => {
		expect(readAnswers([item(1, 'likert')], { 'item-1': raw }).errors).toEqual({ 'item-1': 'Enter a number.' })
	})
})

describe('readAnswers: 0–10 (scale10) items take a whole number from 0 to 10', () => {
	it('accepts 0 and 10', () => {
		const items = [item(1, 'scale10'), item(2, 'scale10')]
		expect(readAnswers(items, { 'item-1': '0', 'item-2': '10' }).answers).toEqual([
			{ position: 1, value: 0, text: null },
			{ position: 2, value: 10, text: null },
		])
	})

	it.each(['-1', '11', '7.5'])('rejects %s', (raw) => {
		expect(readAnswers([item(1, 'scale10')], { 'item-1': raw }).errors).toEqual({ 'item-1': 'Choose a number from 0 to 10.' })
	})

	it('asks for a number instead of text', () => {
		expect(readAnswers([item(1, 'scale10')], { 'item-1': 'ten' }).errors).toEqual({ 'item-1': 'Enter a number.' })
	})
})

describe('readAnswers: count items take a whole number from 0 to 1000', () => {
	it('accepts 0 and 1000', () => {
		const items = [item(1, 'count'), item(2, 'count')]
		expect(readAnswers(items, { 'item-1': '0', 'item-2': '1000' })).toEqual({
			answers: [
				{ position: 1, value: 0, text: null },
				{ position: 2, value: 1000, text: null },
			],
			comment: null,
			errors: {},
		})
	})

	it.each(['-1', '1001', '2.5', '1000000'])('rejects %s', (raw) => {
		expect(readAnswers([item(1, 'count')], { 'item-1': raw }).errors).toEqual({ 'item-1': 'Enter a whole number from 0 to 1000.' })
	})

	it('asks for a number instead of text', () => {
		expect(readAnswers([item(1, 'count')], { 'item-1': 'a few' }).errors).toEqual({ 'item-1': 'Enter a number.' })
	})
})

describe('readAnswers: hours items take a number from 0 to 10000, decimals allowed', () => {
	it.each([
		['0', 0],
		['2.5', 2.5],
		['2,5', 2.5],
		['0,25', 0.25],
		['10000', 10000],
		['  7,5 ', 7.5],
	])('reads %j as %d hours', (raw, hours) => {
		expect(readAnswers([item(4, 'hours')], { 'item-4': raw })).toEqual({ answers: [{ position: 4, value: hours, text: null }], comment: null, errors: {} })
	})

	it.each(['-0.5', '-1', '10000.5', '10001', '10000,5'])('rejects %s', (raw) => {
		expect(readAnswers([item(1, 'hours')], { 'item-1': raw }).errors).toEqual({ 'item-1': 'Enter a number of hours from 0 to 10000.' })
	})

	it.each(['two', '2h', '1,5,5', 'Infinity'])('asks for a number instead of %s', (raw) => {
		expect(readAnswers([item(1, 'hours')], { 'item-1': raw }).errors).toEqual({ 'item-1': 'Enter a number.' })
	})
})

describe('readAnswers: text items', () => {
	it('makes the first comment item the response comment, not an answer', () => {
		const items = [item(1, 'likert'), item(2, 'text')]
		expect(readAnswers(items, { 'item-1': '5', 'item-2': 'Great week.' })).toEqual({
			answers: [{ position: 1, value: 5, text: null }],
			comment: 'Great week.',
			errors: {},
		})
	})

	it('stores a second comment item as an answer with its text', () => {
		const items = [item(1, 'text'), item(2, 'text')]
		expect(readAnswers(items, { 'item-1': 'First.', 'item-2': 'Second.' })).toEqual({
			answers: [{ position: 2, value: null, text: 'Second.' }],
			comment: 'First.',
			errors: {},
		})
	})

	it('stores a text item of another dimension as an answer with its text', () => {
		const items = [item(1, 'text', { dimension: 'voice' }), item(2, 'text')]
		expect(readAnswers(items, { 'item-1': 'I am heard.', 'item-2': 'Fine.' })).toEqual({
			answers: [{ position: 1, value: null, text: 'I am heard.' }],
			comment: 'Fine.',
			errors: {},
		})
	})

	it('leaves the comment empty when it was not written', () => {
		const items = [item(1, 'likert'), item(2, 'text', { required: false })]
		expect(readAnswers(items, { 'item-1': '3', 'item-2': '' }).comment).toBeNull()
	})

	it('accepts exactly 2000 characters', () => {
		const text = 'x'.repeat(2000)
		expect(readAnswers([item(1, 'text')], { 'item-1': text })).toEqual({ answers: [], comment: text, errors: {} })
	})

	it('counts characters after trimming, so surrounding spaces do not push it over', () => {
		const text = 'y'.repeat(2000)
		expect(readAnswers([item(1, 'text')], { 'item-1': `   ${text}\n\n` })).toEqual({ answers: [], comment: text, errors: {} })
	})

	it('rejects 2001 characters and says how many were written', () => {
		const r = readAnswers([item(1, 'text')], { 'item-1': 'z'.repeat(2001) })
		expect(r).toEqual({ answers: [], comment: null, errors: { 'item-1': 'At most 2000 characters (you wrote 2001).' } })
	})

	it('rejects an over-long non-comment text item too, with the count', () => {
		const r = readAnswers([item(3, 'text', { dimension: 'voice' })], { 'item-3': 'a'.repeat(2500) })
		expect(r).toEqual({ answers: [], comment: null, errors: { 'item-3': 'At most 2000 characters (you wrote 2500).' } })
	})

	it('keeps text as written, without reading it as a number', () => {
		const items = [item(1, 'text', { dimension: 'voice' })]
		expect(readAnswers(items, { 'item-1': '42' }).answers).toEqual([{ position: 1, value: null, text: '42' }])
	})

	// BUG: browsers count a line break in a <textarea maxlength=2000> as one character but submit it as
	// CRLF (two), and readAnswers measures the submitted string without normalising line breaks. So a
	// comment the form let the person type (1990 letters + 10 line breaks = 2000 characters) arrives as
	// 2010 code units and is rejected with "At most 2000 characters (you wrote 2010)."
	// Expected: accepted (no error); actual: errors['item-1'] = 'At most 2000 characters (you wrote 2010).'
	it('accepts a 2000-character comment with line breaks as a browser submits it (CRLF)', () => {
		// In the textarea: 995 letters, 10 line breaks, 995 letters = 2000 characters, as maxlength allows.
		// Submitted form data turns each line break into CRLF: 995 + 20 + 995 = 2010 code units.
		const submitted = `${'a'.repeat(995)}${'\r\n'.repeat(10)}${'a'.repeat(995)}`
		expect(readAnswers([item(1, 'text')], { 'item-1': submitted }).errors).toEqual({})
	})
})

describe('readAnswers: a comma is a decimal point only for hours', () => {
	it.each([
		['likert', '2,5'],
		['scale10', '7,5'],
		['count', '2,5'],
		['count', '1,000'],
	] as const)('%s rejects %s as not a number', (kind, raw) => {
		const r = readAnswers([item(1, kind)], { 'item-1': raw })
		expect(r.errors).toEqual({ 'item-1': 'Enter a number.' })
		expect(r.answers).toEqual([])
	})
})
