import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'

import { requireUser } from '~/auth/guard.server'
import { receivesCategory } from '~/auth/roles'
import { CHANNEL_LABELS, isChannel } from '~/channels/channel-names'
import { channelChoice, setPersonalChannel } from '~/channels/preference.server'
import { FormError, Notice } from '~/components/forms'
import { PageHead } from '~/components/page'
import { MAIL_CATEGORIES, mailCategoryKeys, optionalCategories } from '~/mail/categories'
import { optedOutCategories, setMailPreferences } from '~/mail/preferences.server'

export const meta: MetaFunction = () => [{ title: 'E-mail settings · State of Now' }]

/** The person's own choice of e-mails: the optional categories on or off; the others said plainly. */
export async function loader({ request }: LoaderFunctionArgs) {
	const { user, org } = await requireUser(request)
	const [off, channel] = await Promise.all([optedOutCategories(org.id, user.id), channelChoice(org.id, user.id)])
	return {
		channel,
		categories: mailCategoryKeys
			.filter((key) => receivesCategory(user.role, key))
			.map((key) => ({ key, label: MAIL_CATEGORIES[key].label, description: MAIL_CATEGORIES[key].description, optional: MAIL_CATEGORIES[key].optional, receive: !off.has(key) })),
	}
}

export async function action({ request }: ActionFunctionArgs) {
	const { user, org } = await requireUser(request)
	const form = await request.formData()
	if (form.get('intent') === 'channel') {
		const chosen = form.get('channel')
		// Nothing chosen, or a value the page never offers, changes nothing (it is not "follow the organisation").
		if (chosen !== 'default' && !isChannel(chosen)) return data({ saved: false, channelError: 'Choose where your pulses and results should go.' }, { status: 400 })
		const result = await setPersonalChannel(org.id, user.id, chosen === 'default' ? null : chosen)
		return result.ok ? { saved: true, channelError: null } : data({ saved: false, channelError: result.errors.channel ?? null }, { status: 400 })
	}
	// A category the page does not show keeps its setting (it is not "unchecked").
	const off = await optedOutCategories(org.id, user.id)
	const receive = optionalCategories.filter((c) => (receivesCategory(user.role, c) ? form.get(c) === 'on' : !off.has(c)))
	await setMailPreferences(org.id, user.id, receive)
	return { saved: true, channelError: null }
}

export default function MailSettings() {
	const { categories, channel } = useLoaderData<typeof loader>()
	const result = useActionData<typeof action>()
	return (
		<>
			<PageHead title="E-mail settings">Choose which e-mails you receive. Every e-mail you can turn off also has a one-click unsubscribe link.</PageHead>
			{result?.saved ? <Notice>Saved.</Notice> : null}
			{channel?.slackWorkspace ? (
				<div className="card">
					<Form method="post">
						<FormError error={result?.channelError ?? undefined} />
						<fieldset>
							<legend>Where you get pulses, reminders and results</legend>
							<label className="checkbox">
								<input type="radio" name="channel" value="default" defaultChecked={channel.own === null} /> As your organisation chose ({CHANNEL_LABELS[channel.fallback]})
							</label>
							<label className="checkbox">
								<input type="radio" name="channel" value="email" defaultChecked={channel.own === 'email'} /> E-mail
							</label>
							<label className="checkbox">
								<input type="radio" name="channel" value="slack" defaultChecked={channel.own === 'slack'} disabled={!channel.slackReachable} /> Slack ({channel.slackWorkspace})
								{channel.slackReachable ? null : <span className="muted small"> — your Slack account was not found by your e-mail address</span>}
							</label>
						</fieldset>
						<p className="muted small">
							In Slack you answer with “Answer here”; your answers are stored without your name or your Slack account. Account e-mails (password links) always come by e-mail.
						</p>
						<button type="submit" className="button" name="intent" value="channel">
							Save
						</button>
					</Form>
				</div>
			) : null}
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
