/** The Adaptive Cards the app sends to Teams: messages from the e-mail's own content, the pulse form, and reading it back. */
import { describe, expect, test } from 'vitest'

import { answeredCard, cardAnswers, messageToCard, PULSE_ACTION, pulseForm } from '~/channels/teams/cards'
import { button, heading, note, paragraph, table } from '~/mail/content'

const items = [
	{ position: 0, kind: 'likert', text: 'I can resolve a customer issue without asking for approval.', required: true, dimension: 'autonomy' },
	{ position: 1, kind: 'scale10', text: 'How likely are you to recommend working here?', required: true, dimension: 'enps' },
	{ position: 2, kind: 'count', text: 'How many approvals did you wait for?', required: false, dimension: 'approval' },
	{ position: 3, kind: 'hours', text: 'Hours waited?', required: false, dimension: 'speed' },
	{ position: 4, kind: 'text', text: 'Anything else?', required: false, dimension: 'comment' },
]
const facts = { surveyName: 'Weekly pulse', anonymityK: 5, items }

/** Every string in the card that Teams would read as Markdown (TextBlock text), anywhere in it. */
function markdownTexts(node: unknown): string[] {
	if (Array.isArray(node)) return node.flatMap(markdownTexts)
	if (!node || typeof node !== 'object') return []
	const o = node as Record<string, unknown>
	return [...(o.type === 'TextBlock' && typeof o.text === 'string' ? [o.text] : []), ...Object.values(o).flatMap(markdownTexts)]
}

describe('messages', () => {
	test('text we did not write is never read as Markdown: no link or mention can be made from a survey name or a comment', () => {
		const { card, summary } = messageToCard({
			subject: 'Results [click](https://evil.example)',
			blocks: [heading('**Team** <at>all</at>'), paragraph('[x](https://evil.example)')],
		})
		expect(markdownTexts(card)).toEqual([])
		expect(JSON.stringify(card)).toContain('"type":"TextRun","text":"[x](https://evil.example)"')
		expect(summary).toBe('Results [click](https://evil.example)')
		expect(card.version).toBe('1.5')
	})

	test('a pulse button becomes "Answer here" (the form, in place) and "Open in the browser" (the link); other buttons are links only', () => {
		const { card } = messageToCard({ subject: 'Pulse', blocks: [button('https://app/p/abc.def', 'Answer the pulse', 'abc.def')] }, { facts, token: 'abc.def' })
		expect(card.actions).toEqual([
			expect.objectContaining({ type: 'Action.ShowCard', title: 'Answer here' }),
			{ type: 'Action.OpenUrl', title: 'Open in the browser', url: 'https://app/p/abc.def' },
		])
		const digest = messageToCard({ subject: 'Digest', blocks: [button('https://app/dashboard', 'Open the dashboard')] })
		expect(digest.card.actions).toEqual([{ type: 'Action.OpenUrl', title: 'Open the dashboard', url: 'https://app/dashboard' }])
	})

	test('a pulse whose form could not be built (closed, answered) is a link only', () => {
		const { card } = messageToCard({ subject: 'Pulse', blocks: [button('https://app/p/abc.def', 'Answer the pulse', 'abc.def')] })
		expect(card.actions).toEqual([{ type: 'Action.OpenUrl', title: 'Open in the browser', url: 'https://app/p/abc.def' }])
	})

	test('tables read as one line a row, each value named by its column; notes are small', () => {
		const { card } = messageToCard({
			subject: 'Digest',
			blocks: [
				table(
					['Team', 'Index'],
					[
						['Care', '72'],
						['Sales', '64'],
					],
				),
				note('Groups under 5 are not shown.'),
			],
		})
		const text = (el: any) => el.inlines.map((i: any) => i.text).join('')
		expect(card.body.slice(1, 3).map(text)).toEqual(['Team: Care · Index: 72', 'Team: Sales · Index: 64'])
		expect((card.body[3] as any).inlines[0]).toMatchObject({ size: 'Small', isSubtle: true })
	})
})

describe('the pulse form', () => {
	test('one input per item, by kind, required as the survey says; the reply-key toggle for a comment; the token in the submit data only', () => {
		const form = pulseForm(facts, 'tok.en')
		const inputs = form.body.filter((b) => typeof b.id === 'string')
		expect(inputs.map((i) => [i.type, i.id, i.isRequired ?? null])).toEqual([
			['Input.ChoiceSet', 'item-0', true],
			['Input.ChoiceSet', 'item-1', true],
			['Input.Number', 'item-2', false],
			['Input.Number', 'item-3', false],
			['Input.Text', 'item-4', false],
			['Input.Toggle', 'replies', null],
		])
		expect(inputs[0]).toMatchObject({ style: 'expanded', choices: expect.arrayContaining([{ title: 'Strongly agree', value: '5' }]) })
		expect((inputs[1]!.choices as unknown[]).length).toBe(11)
		expect(form.actions).toEqual([{ type: 'Action.Submit', title: 'Send my answers', style: 'positive', data: { action: PULSE_ACTION, token: 'tok.en' } }])
		expect(JSON.stringify(form).match(/tok\.en/g)?.length).toBe(1)
	})

	test('what Teams sends back is read as the web form: items and the reply key, nothing else', () => {
		expect(cardAnswers({ action: PULSE_ACTION, token: 't', 'item-0': '4', 'item-2': 3, 'item-4': 'hi', replies: 'on', evil: 'x', 'item-x': '1' })).toEqual({
			'item-0': '4',
			'item-2': '3',
			'item-4': 'hi',
			replies: 'on',
		})
		expect(cardAnswers({ replies: 'off' })).toEqual({})
	})

	test('the answered card says so and carries nothing of the answers', () => {
		expect(JSON.stringify(answeredCard('Weekly pulse'))).toMatch(/Weekly pulse.*answered/)
	})
})
