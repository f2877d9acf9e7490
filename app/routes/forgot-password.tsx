import { type ActionFunctionArgs, data, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData } from '@remix-run/react'

import { requestPasswordReset } from '~/auth/password-links.server'
import { Field, Notice, SubmitButton } from '~/components/forms'
import { emailSchema } from '~/org/person-schema'
import { orUnavailable } from '~/utils/unavailable.server'

export const meta: MetaFunction = () => [{ title: 'Reset your password · State of Now' }]

export async function action({ request }: ActionFunctionArgs) {
	const parsed = emailSchema.safeParse((await request.formData()).get('email') ?? '')
	if (!parsed.success) return data({ sent: false, error: parsed.error.issues[0]!.message }, { status: 400 })
	await orUnavailable(() => requestPasswordReset(parsed.data))
	return { sent: true, error: undefined }
}

export default function ForgotPassword() {
	const actionData = useActionData<typeof action>()
	return (
		<div className="page-narrow">
			<div className="card">
				<h1>Reset your password</h1>
				{actionData?.sent ? (
					<Notice>If an account uses that address, a link to choose a new password is on its way. It works for 2 hours.</Notice>
				) : (
					<Form method="post" noValidate>
						<Field label="E-mail" name="email" type="email" autoComplete="username" required error={actionData?.error} />
						<SubmitButton pendingText="Sending…">Send me a link</SubmitButton>
					</Form>
				)}
				<p className="small" style={{ marginTop: '1rem' }}>
					<Link to="/login">Back to sign in</Link>
				</p>
			</div>
		</div>
	)
}
