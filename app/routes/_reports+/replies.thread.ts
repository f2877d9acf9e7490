import type { ActionFunctionArgs } from '@remix-run/node'

import { replyKeyFound, takeReplyKeyAttempt } from '~/replies/reply-key-throttle.server'
import { answerAsAuthor, threadByKey } from '~/replies/threads.server'
import { AppError, errorResponse } from '~/utils/errors'
import { orUnavailable } from '~/utils/unavailable.server'

const NO_THREAD = 'No thread for this key.'

/**
 * POST /replies/thread: the author's side of a thread, reached with the reply key alone. The
 * browser sends it without cookies (`credentials: 'omit'`), so the request carries no session and
 * nothing is written about who asked. `intent=read` answers the thread; `intent=answer` adds the
 * author's answer. A key that is not one answers 404 (the same for malformed, unknown or guessed);
 * a request that is not a form with one of these intents, 400; a refused answer, 422 with the
 * reason; too many wrong keys from one address, 429 with Retry-After.
 *
 * A resource route answers a `Response` every time: with single fetch, anything else (`data()`, a
 * plain object) makes Remix print a "future change" warning on every read.
 */
export async function action({ request, context }: ActionFunctionArgs) {
	if (request.method !== 'POST') throw errorResponse('METHOD_NOT_ALLOWED', 'Method not allowed')
	const form = await request.formData().then(Object.fromEntries, () => null)
	if (!form || (form.intent !== 'read' && form.intent !== 'answer')) return new AppError('INVALID', 'Send a form with intent "read" or "answer" and the key.').toJson()
	const clientAddress = typeof context.clientAddress === 'string' ? context.clientAddress : undefined
	const wait = await orUnavailable(() => takeReplyKeyAttempt(clientAddress))
	if (wait)
		return new AppError('TOO_MANY', `Too many wrong reply keys were tried from your network. Try again in ${Math.ceil(wait / 60)} minute${wait > 60 ? 's' : ''}.`, {
			'Retry-After': String(wait),
		}).toJson()
	if (form.intent === 'answer') {
		const outcome = await orUnavailable(() => answerAsAuthor(form.key, form.body))
		if (!outcome.ok) {
			if ('notFound' in outcome) return new AppError('NOT_FOUND', NO_THREAD).toJson()
			await orUnavailable(() => replyKeyFound(clientAddress))
			return Response.json({ errors: outcome.errors }, { status: 422 })
		}
	}
	const thread = await orUnavailable(() => threadByKey(form.key))
	if (!thread) return new AppError('NOT_FOUND', NO_THREAD).toJson()
	await orUnavailable(() => replyKeyFound(clientAddress))
	return Response.json({ thread: { comment: thread.commentHidden ? null : thread.comment, commentHidden: thread.commentHidden, messages: thread.messages } })
}

export const loader = () => {
	throw errorResponse('NOT_FOUND')
}
