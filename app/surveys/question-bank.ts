/**
 * The built-in question bank, written for this project. The constructs follow published work on
 * decision-making autonomy, psychological empowerment and team psychological safety; no item
 * text is copied from any instrument. Likert items are answered 1 (strongly disagree) to
 * 5 (strongly agree); `reverse` items are flipped before scoring (agreeing is the bad end).
 */
import type { AnswerKind, Dimension } from '~db/schema'

export interface BankItem {
	key: string
	dimension: Dimension
	kind: AnswerKind
	text: string
	reverse: boolean
}

export const DIMENSION_LABELS: Record<Dimension, string> = {
	autonomy: 'Decision autonomy',
	approval: 'Approval friction',
	speed: 'Response speed',
	voice: 'Bottom-up flow',
	collaboration: 'Silos',
	safety: 'Safe to try',
	closeness: 'Human, close to customers',
	enps: 'eNPS',
	comment: 'Open comment',
}

export const KIND_LABELS: Record<AnswerKind, string> = {
	likert: 'Agree–disagree (1–5)',
	scale10: '0–10 scale',
	count: 'A count',
	hours: 'Hours',
	text: 'Free text',
}

export const QUESTION_BANK: readonly BankItem[] = [
	// Decision autonomy
	{ key: 'autonomy.resolve', dimension: 'autonomy', kind: 'likert', reverse: false, text: 'When a customer has a problem, I can fix it myself without asking anyone first.' },
	{ key: 'autonomy.judgement', dimension: 'autonomy', kind: 'likert', reverse: false, text: 'I am trusted to use my own judgement when the rules do not fit the situation.' },
	{ key: 'autonomy.spend', dimension: 'autonomy', kind: 'likert', reverse: false, text: 'I can make a goodwill gesture to a customer (a refund, a voucher) on the spot.' },
	{ key: 'autonomy.how', dimension: 'autonomy', kind: 'likert', reverse: false, text: 'I decide how to do my work, not only what to do.' },
	// Approval friction (reverse-scored where agreeing means more friction)
	{ key: 'approval.waits', dimension: 'approval', kind: 'likert', reverse: true, text: 'My replies to customers often wait for someone else to approve them.' },
	{ key: 'approval.layers', dimension: 'approval', kind: 'likert', reverse: true, text: 'Simple decisions here go through more sign-offs than they need.' },
	{ key: 'approval.count', dimension: 'approval', kind: 'count', reverse: false, text: 'How many people had to approve the last customer-facing decision you made?' },
	{ key: 'approval.hours', dimension: 'approval', kind: 'hours', reverse: false, text: 'Roughly how many hours does an approval usually take to come back?' },
	// Response speed
	{ key: 'speed.hours', dimension: 'speed', kind: 'likert', reverse: false, text: 'We answer customers within hours, not days.' },
	{ key: 'speed.colleagues', dimension: 'speed', kind: 'likert', reverse: false, text: 'When I need an answer from a colleague, I get it the same day.' },
	{ key: 'speed.news', dimension: 'speed', kind: 'likert', reverse: false, text: 'When something happens in the world that matters to our customers, we react the same day.' },
	// Bottom-up flow
	{ key: 'voice.reaches', dimension: 'voice', kind: 'likert', reverse: false, text: 'What I hear from customers reaches the people who lead this organisation.' },
	{ key: 'voice.acted', dimension: 'voice', kind: 'likert', reverse: false, text: 'I have seen leadership change something because of what front-line staff reported.' },
	{ key: 'voice.easy', dimension: 'voice', kind: 'likert', reverse: false, text: 'There is an easy way for me to pass on an idea or a customer complaint.' },
	// Silos
	{ key: 'collaboration.get', dimension: 'collaboration', kind: 'likert', reverse: false, text: 'I get what I need from other departments quickly.' },
	{ key: 'collaboration.whose', dimension: 'collaboration', kind: 'likert', reverse: true, text: 'Customer problems get stuck between departments because nobody owns them.' },
	{ key: 'collaboration.share', dimension: 'collaboration', kind: 'likert', reverse: false, text: 'Teams here share what they learn instead of keeping it to themselves.' },
	// Safe to try
	{ key: 'safety.mistake', dimension: 'safety', kind: 'likert', reverse: true, text: 'If I make a well-meant mistake with a customer, it will be held against me.' },
	{ key: 'safety.initiative', dimension: 'safety', kind: 'likert', reverse: false, text: 'Taking the initiative is celebrated here, even when it does not work out.' },
	{ key: 'safety.speakup', dimension: 'safety', kind: 'likert', reverse: false, text: 'I can raise a problem or a bad news story without worrying about how it reflects on me.' },
	{ key: 'safety.try', dimension: 'safety', kind: 'likert', reverse: false, text: 'I can try a new way of helping a customer without asking for permission.' },
	// Human, close to customers
	{ key: 'closeness.voice', dimension: 'closeness', kind: 'likert', reverse: false, text: 'I can answer customers in my own words rather than from a script.' },
	{ key: 'closeness.person', dimension: 'closeness', kind: 'likert', reverse: false, text: 'We treat customers as people, not as ticket numbers.' },
	{ key: 'closeness.scripted', dimension: 'closeness', kind: 'likert', reverse: true, text: 'Our replies to customers sound like they were written by a legal department.' },
	// eNPS and the open comment
	{ key: 'enps.recommend', dimension: 'enps', kind: 'scale10', reverse: false, text: 'How likely are you to recommend this organisation as a place to work to a friend?' },
	{ key: 'comment.open', dimension: 'comment', kind: 'text', reverse: false, text: 'Anything else you want leadership to hear?' },
]

export const LIKERT_LABELS = ['Strongly disagree', 'Disagree', 'Neither', 'Agree', 'Strongly agree'] as const

/** A pulse is short: the builder asks for this many items. */
export const MIN_PULSE_ITEMS = 3
export const MAX_PULSE_ITEMS = 8
