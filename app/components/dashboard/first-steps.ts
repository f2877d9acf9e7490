/** A first step for each dimension, in the words of the people who buy this: what a leader can change this month. */
import type { CultureDimension } from '~/reports/dimensions'

export const FIRST_STEP: Record<CultureDimension, string> = {
	autonomy: 'let people resolve more for customers without asking first',
	approval: 'cut the sign-offs a customer reply waits for',
	speed: 'find what slows the first reply to customers',
	voice: 'show the team what happened to the ideas they sent up',
	collaboration: 'unblock what they need from other departments',
	safety: 'make a well-meant mistake something to talk through, not punish',
	closeness: 'give people room to answer customers in their own voice',
}
