import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

import { requireUser } from '~/auth/guard.server'
import { receivesCategory } from '~/auth/roles'
import { isChannel } from '~/channels/channel-names'
import { channelChoice, setPersonalChannel } from '~/channels/preference.server'
import { FormError, Notice } from '~/components/forms'
import { PageHead } from '~/components/page'
import { fixedT, personLocale } from '~/i18n/i18n.server'
import { pageTitle } from '~/i18n/react'
import { MAIL_CATEGORIES, mailCategoryKeys, optionalCategories } from '~/mail/categories'
import { optedOutCategories, setMailPreferences } from '~/mail/preferences.server'

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'mailSettings.title') }]

/** The person's own choice of e-mails: the optional categories on or off; the others said plainly. */
export async function loader({ request }: LoaderFunctionArgs) {
	const { user, org } = await requireUser(request)
	const [off, channel] = await Promise.all([optedOutCategories(org.id, user.id), channelChoice(org.id, user.id)])
	return {
		channel,
		categories: mailCategoryKeys.filter((key) => receivesCategory(user.role, key)).map((key) => ({ key, optional: MAIL_CATEGORIES[key].optional, receive: !off.has(key) })),
	}
}

export async function action({ request }: ActionFunctionArgs) {
	const { user, org } = await requireUser(request)
	const form = await request.formData()
	if (form.get('intent') === 'channel') {
		const chosen = form.get('channel')
		// Nothing chosen, or a value the page never offers, changes nothing (it is not "follow the organisation").
		if (chosen !== 'default' && !isChannel(chosen))
			return data({ saved: false, channelError: fixedT(personLocale(user, org), 'app')('mailSettings.chooseChannel') }, { status: 400 })
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
	const { t } = useTranslation()
	const channelName = (c: 'email' | 'slack' | 'teams') => t(`channels.${c}`)
	return (
		<>
			<PageHead title={t('mailSettings.title')}>{t('mailSettings.intro')}</PageHead>
			{result?.saved ? <Notice>{t('forms.saved')}</Notice> : null}
			{channel?.slackWorkspace || channel?.teamsWorkspace ? (
				<div className="card">
					<Form method="post">
						<FormError error={result?.channelError ?? undefined} />
						<fieldset>
							<legend>{t('mailSettings.where')}</legend>
							<label className="checkbox">
								<input type="radio" name="channel" value="default" defaultChecked={channel.own === null} />{' '}
								{t('mailSettings.asOrganisation', { channel: channelName(channel.fallback) })}
							</label>
							<label className="checkbox">
								<input type="radio" name="channel" value="email" defaultChecked={channel.own === 'email'} /> {channelName('email')}
							</label>
							{channel.slackWorkspace ? (
								<label className="checkbox">
									<input type="radio" name="channel" value="slack" defaultChecked={channel.own === 'slack'} disabled={!channel.slackReachable} /> {channelName('slack')} (
									{channel.slackWorkspace}){channel.slackReachable ? null : <span className="muted small"> {t('mailSettings.slackNotFound')}</span>}
								</label>
							) : null}
							{channel.teamsWorkspace ? (
								<label className="checkbox">
									<input type="radio" name="channel" value="teams" defaultChecked={channel.own === 'teams'} disabled={!channel.teamsReachable} /> {channelName('teams')}
									{channel.teamsReachable ? null : <span className="muted small"> {t('mailSettings.teamsNotFound')}</span>}
								</label>
							) : null}
						</fieldset>
						<p className="muted small">{t('mailSettings.chatNote')}</p>
						<button type="submit" className="button" name="intent" value="channel">
							{t('forms.save')}
						</button>
					</Form>
				</div>
			) : null}
			<div className="card">
				<Form method="post">
					<fieldset>
						<legend>{t('mailSettings.mails')}</legend>
						{categories.map((c) => (
							<label key={c.key} className="checkbox">
								<input type="checkbox" name={c.key} defaultChecked={c.receive} disabled={!c.optional} />
								<span>
									<strong>{t(`mailCategories.${c.key}.label`)}</strong>
									<span className="muted small">
										{' '}
										— {t(`mailCategories.${c.key}.description`)}
										{c.optional ? '' : ` ${t('mailSettings.alwaysSent')}`}
									</span>
								</span>
							</label>
						))}
					</fieldset>
					<button type="submit" className="button">
						{t('forms.save')}
					</button>
				</Form>
			</div>
		</>
	)
}
