/**
 * Slack and Teams in the reader's language: a German and a Japanese recipient get every word the
 * chat adds (buttons, the pulse form, notices, thanks, problems) from their catalogue, the items
 * in their wording (else the organisation's, marked), and nothing of the English around them.
 */
import { describe, expect, test } from 'vitest'

import { answeredMessage, messageToSlack, modalErrors, type ModalItem, noticeModal, pulseModal, thanksModal } from '~/channels/slack/blocks'
import { answeredCard, errorsText, messageToCard, pulseForm } from '~/channels/teams/cards'
import { LOCALES } from '~/i18n/locales'
import { button, paragraph } from '~/mail/content'

const items: ModalItem[] = [
	{
		position: 0,
		kind: 'likert',
		text: 'I decide how to do my work.',
		required: true,
		dimension: 'autonomy',
		translations: { de: 'Ich entscheide, wie ich meine Arbeit mache.', ja: '仕事の進め方は自分で決めています。' },
	},
	{
		position: 1,
		kind: 'scale10',
		text: 'How likely are you to recommend working here?',
		required: true,
		dimension: 'enps',
		translations: { de: 'Wie wahrscheinlich empfehlen Sie uns als Arbeitgeber?' },
	},
	{ position: 2, kind: 'text', text: 'Anything else?', required: false, dimension: 'comment', translations: {} },
]
const pulse = (locale: string) => ({ surveyName: 'Wochenpuls', orgName: 'Northwind', anonymityK: 5, items, locale, orgLocale: 'en' })
const message = (locale: string, label: string) => ({ subject: 'Wochenpuls', locale, blocks: [paragraph('…'), button('https://app/p/abc.def', label, 'abc.def')] })
const texts = (node: unknown): string[] => {
	if (Array.isArray(node)) return node.flatMap(texts)
	if (!node || typeof node !== 'object') return []
	return Object.entries(node as Record<string, unknown>).flatMap(([k, v]) =>
		typeof v === 'string' && ['text', 'title', 'label', 'placeholder', 'errorMessage'].includes(k) ? [v] : texts(v),
	)
}

describe('Slack, for a German reader', () => {
	test('the pulse message: "Hier antworten" and "Im Browser öffnen"', () => {
		const { blocks } = messageToSlack(message('de', 'Befragung beantworten'))
		const actions = blocks.find((b) => b.type === 'actions') as { elements: { text: { text: string } }[] }
		expect(actions.elements.map((e) => e.text.text)).toEqual(['Hier antworten', 'Im Browser öffnen'])
	})

	test('the modal: every word German, the items in German where they have it, else English marked as such', () => {
		const modal = pulseModal(pulse('de'), { token: 't.s', channel: null, ts: null }) as any
		expect(modal.submit.text).toBe('Antworten absenden')
		expect(modal.close.text).toBe('Abbrechen')
		expect(modal.blocks[0].elements[0].text).toBe(
			'Anonym: Ihre Antworten werden ohne Ihren Namen und ohne Ihr Slack-Konto gespeichert, und für eine Gruppe von weniger als 5 Personen wird kein Ergebnis gezeigt.',
		)
		const inputs = modal.blocks.filter((b: any) => b.type === 'input')
		expect(inputs.map((b: any) => b.label.text)).toEqual([
			'Ich entscheide, wie ich meine Arbeit mache.',
			'Wie wahrscheinlich empfehlen Sie uns als Arbeitgeber?',
			'Anything else? (noch nicht übersetzt: auf English angezeigt)',
			'Antworten auf Ihren Kommentar',
		])
		expect(inputs[0].element.options.map((o: any) => o.text.text)).toEqual(['Stimme überhaupt nicht zu', 'Stimme nicht zu', 'Teils, teils', 'Stimme zu', 'Stimme voll und ganz zu'])
		expect(inputs[1].element.placeholder.text).toBe('0 bis 10')
		expect(inputs[3].element.options[0].text.text).toBe('Privaten Antwortschlüssel erhalten, um Antworten ohne meinen Namen zu lesen')
	})

	test('problems, notices and thanks', () => {
		expect(modalErrors({ 'item-0': 'Choose an answer.', 'item-2': 'At most 2000 characters (you wrote 2004).' }, 'de')).toEqual({
			'item-0': 'Bitte wählen Sie eine Antwort.',
			'item-2': 'Höchstens 2000 Zeichen (Sie haben 2004 geschrieben).',
		})
		const notice = noticeModal('alreadyAnswered', 'de') as any
		expect([notice.title.text, notice.close.text, notice.blocks[0].text.text]).toEqual([
			'Bereits beantwortet',
			'Schließen',
			'Sie haben diese Befragung bereits beantwortet. Vielen Dank.',
		])
		const thanks = thanksModal('rk_123', 'https://app', 'de') as any
		expect(thanks.title.text).toBe('Vielen Dank')
		expect(thanks.blocks.map((b: any) => b.text.text)).toEqual([
			'Ihre Antworten sind eingegangen. Vielen Dank: Sie zählen, sobald die Befragung endet und die Woche freigegeben ist.',
			'Ihr Antwortschlüssel (nur jetzt sichtbar – bitte kopieren): `rk_123`\nAntworten auf Ihren Kommentar lesen Sie unter https://app/replies',
		])
		expect(answeredMessage('Wochenpuls', 'de')).toEqual({
			text: 'Wochenpuls: beantwortet. Vielen Dank.',
			blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '✅ *Wochenpuls*: beantwortet. Vielen Dank.' } }],
		})
	})
})

describe('Slack, for a Japanese reader', () => {
	test('the message, the modal, notices and thanks in Japanese', () => {
		const { blocks } = messageToSlack(message('ja', 'サーベイに回答する'))
		expect((blocks.find((b) => b.type === 'actions') as any).elements.map((e: any) => e.text.text)).toEqual(['ここで回答', 'ブラウザで開く'])
		const modal = pulseModal(pulse('ja'), { token: 't.s', channel: null, ts: null }) as any
		expect([modal.submit.text, modal.close.text]).toEqual(['回答を送信', 'キャンセル'])
		expect(modal.blocks[0].elements[0].text).toBe('匿名：回答は氏名やSlackアカウントと切り離して保存され、5人未満のグループの結果は表示されません。')
		const inputs = modal.blocks.filter((b: any) => b.type === 'input')
		expect(inputs[0].label.text).toBe('仕事の進め方は自分で決めています。')
		expect(inputs[1].label.text).toBe('How likely are you to recommend working here? （未翻訳のためEnglishで表示）')
		expect(inputs[0].element.options.map((o: any) => o.text.text)).toEqual(['まったくそう思わない', 'そう思わない', 'どちらともいえない', 'そう思う', 'とてもそう思う'])
		expect(inputs[1].element.placeholder.text).toBe('0〜10')
		const closed = noticeModal('closed', 'ja') as any
		expect([closed.title.text, closed.blocks[0].text.text]).toEqual(['締め切り済み', 'このサーベイは締め切られました。次回のサーベイはここに届きます。'])
		expect((thanksModal(undefined, 'https://app', 'ja') as any).blocks[0].text.text).toBe(
			'回答を受け付けました。ありがとうございました。回答はサーベイの締め切り後、その週の結果が公開された時点で集計に反映されます。',
		)
		expect(answeredMessage('週次パルス', 'ja').blocks[0]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: '✅ *週次パルス*：回答済みです。ありがとうございました。' } })
		expect(modalErrors({ 'item-1': 'Choose a number from 0 to 10.' }, 'ja')).toEqual({ 'item-1': expect.not.stringMatching(/[A-Za-z]/) })
	})
})

test('in every language, Slack clips none of the words it limits (an option at 75 characters, a title at 24, a button at 75)', () => {
	for (const locale of LOCALES) {
		const modal = pulseModal(pulse(locale), { token: 't.s', channel: null, ts: null }) as any
		const option = modal.blocks.find((b: any) => b.block_id === 'replies').element.options[0].text.text
		const titles = (['notYours', 'alreadyAnswered', 'closed', 'closedBeforeArrival', 'notFound'] as const).map((n) => (noticeModal(n, locale) as any).title.text)
		const words = [option, modal.submit.text, modal.close.text, ...titles, (thanksModal(undefined, 'https://app', locale) as any).title.text]
		for (const w of words) expect(w, locale).not.toMatch(/…$/)
	}
})

describe('Teams', () => {
	test('a German reader: the card, its pulse form, problems and the answered card', () => {
		const { card } = messageToCard(message('de', 'Befragung beantworten'), { facts: pulse('de'), token: 'abc.def' })
		expect(card.actions!.map((a) => a.title)).toEqual(['Hier antworten', 'Im Browser öffnen'])
		const form = pulseForm(pulse('de'), 'abc.def')
		expect(texts(form.body)).toEqual([
			'Anonym: Ihre Antworten werden ohne Ihren Namen und ohne Ihr Teams-Konto gespeichert, und für eine Gruppe von weniger als 5 Personen wird kein Ergebnis gezeigt.',
			'Ich entscheide, wie ich meine Arbeit mache.',
			'Bitte wählen Sie eine Antwort.',
			'Stimme überhaupt nicht zu',
			'Stimme nicht zu',
			'Teils, teils',
			'Stimme zu',
			'Stimme voll und ganz zu',
			'Wie wahrscheinlich empfehlen Sie uns als Arbeitgeber?',
			'0 bis 10',
			'Bitte wählen Sie eine Antwort.',
			...Array.from({ length: 11 }, (_, n) => String(n)),
			'Anything else? (noch nicht übersetzt: auf English angezeigt)',
			'Bitte geben Sie eine Antwort ein.',
			'Privaten Antwortschlüssel erhalten, um Antworten ohne meinen Namen zu lesen',
		])
		expect(form.actions![0]!.title).toBe('Antworten absenden')
		expect(errorsText({ 'item-0': 'Choose an answer.' }, items, 'de', 'en')).toBe(
			'Ihre Antworten wurden noch nicht gespeichert:\n• Ich entscheide, wie ich meine Arbeit mache.: Bitte wählen Sie eine Antwort.\nKorrigieren Sie sie in der Karte und senden Sie erneut.',
		)
		expect(texts(answeredCard('Wochenpuls', 'de').body)).toEqual(['✅ ', 'Wochenpuls', ': beantwortet. Vielen Dank.'])
	})

	test('a Japanese reader: the same in Japanese', () => {
		const { card } = messageToCard(message('ja', 'サーベイに回答する'), { facts: pulse('ja'), token: 'abc.def' })
		expect(card.actions!.map((a) => a.title)).toEqual(['ここで回答', 'ブラウザで開く'])
		const form = pulseForm(pulse('ja'), 'abc.def')
		expect(texts(form.body)[0]).toBe('匿名：回答は氏名やTeamsアカウントと切り離して保存され、5人未満のグループの結果は表示されません。')
		expect(form.actions![0]!.title).toBe('回答を送信')
		expect(errorsText({ 'item-0': 'Choose an answer.' }, items, 'ja', 'en')).toMatch(
			/^回答はまだ保存されていません：\n• 仕事の進め方は自分で決めています。: [^A-Za-z]+\nカードで修正して、もう一度送信してください。$/,
		)
		expect(texts(answeredCard('週次パルス', 'ja').body)).toEqual(['✅ ', '週次パルス', '：回答済みです。ありがとうございました。'])
	})
})
