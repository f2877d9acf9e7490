/**
 * What a message says, independent of the channel that carries it: a subject and a few blocks.
 * E-mail renders them as plain text and HTML (layout.server.ts); a chat channel (Slack, Teams)
 * would render the same blocks its own way, so a new channel touches no message kind.
 */
import { fixedT } from '~/i18n/i18n.server'

export type Block =
	| { type: 'paragraph'; text: string }
	| { type: 'heading'; text: string }
	| { type: 'list'; items: string[] }
	| { type: 'table'; head: string[]; rows: string[][] }
	/**
	 * `answerInChat`: the pulse link's token, when a chat channel may offer to answer in place
	 * (Slack's modal); e-mail shows the link only.
	 */
	| { type: 'button'; href: string; label: string; answerInChat?: string }
	| { type: 'note'; text: string }

export interface MessageContent {
	subject: string
	blocks: Block[]
	/** The language the message is written in: its channel writes its own words (footer, link hint) in it too. */
	locale?: string
}

export const paragraph = (text: string): Block => ({ type: 'paragraph', text })
export const heading = (text: string): Block => ({ type: 'heading', text })
export const list = (items: string[]): Block => ({ type: 'list', items })
export const button = (href: string, label: string, answerInChat?: string): Block =>
	answerInChat ? { type: 'button', href, label, answerInChat } : { type: 'button', href, label }
export const note = (text: string): Block => ({ type: 'note', text })
export const table = (head: string[], rows: string[][]): Block => ({ type: 'table', head, rows })

export function greeting(userName: string | null, locale = 'en'): string {
	const t = fixedT(locale, 'mail')
	return userName ? t('greeting', { name: userName }) : t('greetingNoName')
}
