import type { ActionFunctionArgs } from '@remix-run/node'

import { answerAsAuthor, threadByKey } from '~/replies/threads.server'
import { AppError, errorResponse } from '~/utils/errors'
import { orUnavailable } from '~/utils/unavailable.server'

/**
 * POST /replies/thread: the author's side of a thread, reached with the reply key alone. The
 * browser sends it without cookies (`credentials: 'omit'`), so the request carries no session and
 * nothing is written about who asked. `intent=read` answers the thread; `intent=answer` adds the
 * author's answer. A key that is not one answers 404 (the same for malformed, unknown or guessed).
 *
 * A resource route answers a `Response` every time: with single fetch, anything else (`data()`, a
 * plain object) makes Remix print a "future change" warning on every read.
 */
export async function action({ request }: ActionFunctionArgs) {
	if (request.method !== 'POST') throw errorResponse('METHOD_NOT_ALLOWED', 'Method not allowed')
	const form = Object.fromEntries(await request.formData())
	if (form.intent === 'answer') {
		const outcome = await orUnavailable(() => answerAsAuthor(form.key, form.body))
		if (!outcome.ok) {
			if ('notFound' in outcome) return new AppError('NOT_FOUND', 'No thread for this key.').toJson()
			return Response.json({ errors: outcome.errors }, { status: 422 })
		}
	}
	const thread = await orUnavailable(() => threadByKey(form.key))
	if (!thread) return new AppError('NOT_FOUND', 'No thread for this key.').toJson()
	return Response.json({ thread: { comment: thread.commentHidden ? null : thread.comment, commentHidden: thread.commentHidden, messages: thread.messages } })
}

export const loader = () => {
	throw errorResponse('NOT_FOUND')
}
