/** The Block Kit the app sends: messages from the e-mail's own content, the pulse modal, and reading it back. */
import { describe, expect, test } from 'vitest'

import { ANSWER_ACTION, answeredMessage, escapeMrkdwn, messageToSlack, modalAnswers, OPEN_LINK_ACTION, pulseModal } from '~/channels/slack/blocks'
import { button, note, paragraph, table } from '~/mail/content'

const items = [
	{ position: 0, kind: 'likert', text: 'I can resolve a customer issue without asking for approval.', required: true, dimension: 'autonomy' },
	{ position: 1, kind: 'scale10', text: 'How likely are you to recommend working here?', required: true, dimension: 'enps' },
	{ position: 2, kind: 'count', text: 'How many approvals did you wait for?', required: false, dimension: 'approval' },
	{ position: 3, kind: 'hours', text: 'Hours waited?', required: false, dimension: 'speed' },
	{ position: 4, kind: 'text', text: 'Anything else?', required: false, dimension: 'comment' },
]

describe('messages', () => {
	test('user text cannot make a mention or a link: &, < and > are escaped, in the blocks and in the fallback text', () => {
		const m = messageToSlack({ subject: 'Results <!channel>', blocks: [paragraph('Team <@U123> & <https://evil.example|click>')] })
		expect(JSON.stringify(m.blocks)).not.toMatch(/<!channel>|<@U123>|<https:/)
		expect(escapeMrkdwn('<a & b>')).toBe('&lt;a &amp; b&gt;')
		// The notification's text is parsed by Slack as well: a survey named "<!channel>" must not ping everyone.
		expect(m.text).toBe('Results &lt;!channel&gt;')
		expect(answeredMessage('Pulse <!here>').text).not.toContain('<!here>')
	})

	test('a pulse button becomes "Answer here" (its token) and "Open in the browser" (the link); other buttons are links only', () => {
		const pulse = messageToSlack({ subject: 'Pulse', blocks: [button('https://app/p/abc.def', 'Answer the pulse', 'abc.def')] })
		const actions = pulse.blocks.find((b) => b.type === 'actions') as { elements: Record<string, unknown>[] }
		expect(actions.elements).toEqual([
			expect.objectContaining({ action_id: ANSWER_ACTION, value: 'abc.def', style: 'primary' }),
			expect.objectContaining({ action_id: OPEN_LINK_ACTION, url: 'https://app/p/abc.def' }),
		])
		const digest = messageToSlack({ subject: 'Digest', blocks: [button('https://app/dashboard', 'Open the dashboard')] })
		expect((digest.blocks.find((b) => b.type === 'actions') as { elements: unknown[] }).elements).toEqual([
			expect.objectContaining({ url: 'https://app/dashboard', text: expect.objectContaining({ text: 'Open the dashboard' }) }),
		])
	})

	test('a pulse message asks its first question right above "Answer here", escaped; a message without its token asks nothing', () => {
		const content = { subject: 'Pulse', blocks: [paragraph('Hello'), button('https://app/p/abc.def', 'Answer the pulse', 'abc.def')] }
		const asked = [{ ...items[0]!, text: 'Can I <!channel> fix it & move on?' }, ...items.slice(1)]
		const m = messageToSlack(content, { token: 'abc.def', items: asked })
		expect(m.blocks.map((b) => b.type)).toEqual(['section', 'section', 'section', 'actions'])
		expect(m.blocks[2]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: 'The first question: *Can I &lt;!channel&gt; fix it &amp; move on?*' } })
		expect(m.text).toBe('Pulse\nThe first question: Can I &lt;!channel&gt; fix it &amp; move on?')
		const other = messageToSlack(content, { token: 'another.token', items: asked })
		expect(other.blocks.map((b) => b.type)).toEqual(['section', 'section', 'actions'])
		expect(other.text).toBe('Pulse')
	})

	test('tables read as one line a row; notes as context', () => {
		const m = messageToSlack({
			subject: 'Digest',
			blocks: [
				table(
					['Team', 'Index'],
					[
						['Care', '61'],
						['Sales', 'hidden'],
					],
				),
				note('Groups under 5 are hidden.'),
			],
		})
		expect(JSON.stringify(m.blocks)).toContain('Team: *Care* · Index: *61*\\nTeam: *Sales* · Index: *hidden*')
		expect(m.blocks.at(-1)).toEqual({ type: 'context', elements: [{ type: 'mrkdwn', text: 'Groups under 5 are hidden.' }] })
	})
})

describe('the pulse modal', () => {
	const modal = pulseModal({ surveyName: 'A weekly pulse with a long name', orgName: 'Northwind', anonymityK: 5, items }, { token: 't.s', channel: 'D1', ts: '1.2' }) as any

	test('one input per item with the right element, required as the survey says, the reply option when there is a comment', () => {
		const inputs = modal.blocks.filter((b: any) => b.type === 'input')
		expect(inputs.map((b: any) => [b.block_id, b.element.type, b.optional])).toEqual([
			['item-0', 'radio_buttons', false],
			['item-1', 'static_select', false],
			['item-2', 'number_input', true],
			['item-3', 'number_input', true],
			['item-4', 'plain_text_input', true],
			['replies', 'checkboxes', true],
		])
		expect(inputs[0].element.options.map((o: any) => o.text.text)).toEqual(['Strongly disagree', 'Disagree', 'Neither', 'Agree', 'Strongly agree'])
		expect(inputs[1].element.options.map((o: any) => o.value)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10'])
		expect(inputs[2].element.is_decimal_allowed).toBe(false)
		expect(inputs[3].element.is_decimal_allowed).toBe(true)
		expect(inputs[4].element.max_length).toBe(2000)
	})

	test("Slack's limits: the title at most 24 characters, the metadata carries the token and the message", () => {
		expect(modal.title.text.length).toBeLessThanOrEqual(24)
		expect(JSON.parse(modal.private_metadata)).toEqual({ token: 't.s', channel: 'D1', ts: '1.2' })
		expect(modal.blocks[0].elements[0].text).toContain('fewer than 5 people')
	})

	test('the state Slack sends back reads as the web form would post it', () => {
		expect(
			modalAnswers({
				'item-0': { v: { type: 'radio_buttons', selected_option: { value: '4' } } },
				'item-1': { v: { type: 'static_select', selected_option: { value: '0' } } },
				'item-2': { v: { type: 'number_input', value: '3' } },
				'item-3': { v: { type: 'number_input', value: null } },
				'item-4': { v: { type: 'plain_text_input', value: 'More say' } },
				replies: { v: { type: 'checkboxes', selected_options: [{ value: 'on' }] } },
				'not-ours': { v: { type: 'plain_text_input', value: 'ignored' } },
			}),
		).toEqual({ 'item-0': '4', 'item-1': '0', 'item-2': '3', 'item-4': 'More say', replies: 'on' })
	})
})
