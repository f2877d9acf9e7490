import { describe, expect, it } from 'vitest'
import { z } from 'zod'

import { fail, fieldErrorsFrom, ok } from '~/utils/result'

describe('fieldErrorsFrom', () => {
	it('gives one message per field, keyed by the field name', () => {
		expect(
			fieldErrorsFrom([
				{ path: ['email'], message: 'Enter an e-mail address.' },
				{ path: ['name'], message: 'Enter a name.' },
			]),
		).toEqual({ email: 'Enter an e-mail address.', name: 'Enter a name.' })
	})

	it('keeps the first message when a field has several', () => {
		expect(
			fieldErrorsFrom([
				{ path: ['password'], message: 'Too short.' },
				{ path: ['password'], message: 'Needs a digit.' },
			]),
		).toEqual({ password: 'Too short.' })
	})

	it('joins nested paths with dots', () => {
		expect(fieldErrorsFrom([{ path: ['answers', 2, 'value'], message: 'Pick a score.' }])).toEqual({
			'answers.2.value': 'Pick a score.',
		})
	})

	it('puts issues without a path under _form, first one wins', () => {
		expect(
			fieldErrorsFrom([
				{ path: [], message: 'The passwords do not match.' },
				{ path: [], message: 'Second.' },
				{ path: ['email'], message: 'Bad e-mail.' },
			]),
		).toEqual({ _form: 'The passwords do not match.', email: 'Bad e-mail.' })
	})

	it('gives no errors for no issues', () => {
		expect(fieldErrorsFrom([])).toEqual({})
	})

	it('reads real zod issues', () => {
		const schema = z.object({ email: z.string().email('Bad e-mail.'), tags: z.array(z.string().min(1, 'Empty tag.')) }).refine(() => false, 'Whole form is wrong.')
		const result = schema.safeParse({ email: 'nope', tags: ['ok', ''] })
		expect(result.success).toBe(false)
		expect(fieldErrorsFrom(result.error!.issues)).toEqual({
			email: 'Bad e-mail.',
			'tags.1': 'Empty tag.',
			_form: 'Whole form is wrong.',
		})
	})
})

describe('ok / fail', () => {
	it('wraps a value or errors', () => {
		expect(ok(3)).toEqual({ ok: true, value: 3 })
		expect(fail({ email: 'Taken.' })).toEqual({ ok: false, errors: { email: 'Taken.' } })
	})
})
