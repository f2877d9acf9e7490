import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'

import { requireUser } from '~/auth/guard.server'
import { receivesCategory } from '~/auth/roles'
import { Notice } from '~/components/forms'
import { PageHead } from '~/components/page'
import { MAIL_CATEGORIES, mailCategoryKeys, optionalCategories } from '~/mail/categories'
import { optedOutCategories, setMailPreferences } from '~/mail/preferences.server'

export const meta: MetaFunction = () => [{ title: 'E-mail settings · State of Now' }]

/** The person's own choice of e-mails: the optional categories on or off; the others said plainly. */
export async function loader({ request }: LoaderFunctionArgs) {
	const { user, org } = await requireUser(request)
	const off = await optedOutCategories(org.id, user.id)
	return {
		categories: mailCategoryKeys
			.filter((key) => receivesCategory(user.role, key))
			.map((key) => ({ key, label: MAIL_CATEGORIES[key].label, description: MAIL_CATEGORIES[key].description, optional: MAIL_CATEGORIES[key].optional, receive: !off.has(key) })),
	}
}

export async function action({ request }: ActionFunctionArgs) {
	const { user, org } = await requireUser(request)
	const form = await request.formData()
	// A category the page does not show keeps its setting (it is not "unchecked").
	const off = await optedOutCategories(org.id, user.id)
	const receive = optionalCategories.filter((c) => (receivesCategory(user.role, c) ? form.get(c) === 'on' : !off.has(c)))
	await setMailPreferences(org.id, user.id, receive)
	return { saved: true }
}

export default function MailSettings() {
	const { categories } = useLoaderData<typeof loader>()
	const result = useActionData<typeof action>()
	return (
		<>
			<PageHead title="E-mail settings">Choose which e-mails you receive. Every e-mail you can turn off also has a one-click unsubscribe link.</PageHead>
			{result?.saved ? <Notice>Saved.</Notice> : null}
			<div className="card">
				<Form method="post">
					<fieldset>
						<legend>E-mails</legend>
						{categories.map((c) => (
							<label key={c.key} className="checkbox">
								<input type="checkbox" name={c.key} defaultChecked={c.receive} disabled={!c.optional} />
								<span>
									<strong>{c.label}</strong>
									<span className="muted small">
										{' '}
										— {c.description}
										{c.optional ? '' : ' Always sent.'}
									</span>
								</span>
							</label>
						))}
					</fieldset>
					<button type="submit" className="button">
						Save
					</button>
				</Form>
			</div>
		</>
	)
}
