import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

import { HowAnswersAreProtected, PulseMessage } from '~/components/pulse-page'
import { browserMessages } from '~/i18n/i18n.server'
import { isRenderLocale } from '~/i18n/locales'
import { pageTitle } from '~/i18n/react'

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'pulse.thanks.title') }]

/** `lang`: the language the pulse was answered in, so the thanks are in it too (a link needs no sign-in). */
export async function loader({ request }: LoaderFunctionArgs) {
	const params = new URL(request.url).searchParams
	const k = Number(params.get('k'))
	const lang = params.get('lang')
	const language = isRenderLocale(lang) ? { locale: lang, messages: browserMessages(lang) } : {}
	return { k: Number.isInteger(k) && k >= 3 && k <= 100 ? k : 5, ...language }
}

export default function Thanks() {
	const { k } = useLoaderData<typeof loader>()
	const { t } = useTranslation()
	return (
		<PulseMessage title={t('pulse.thanks.title')}>
			<p>{t('pulse.thanks.text')}</p>
			<HowAnswersAreProtected k={k} />
			<p className="small">
				<Link to="/home">{t('pulse.homePage')}</Link>
			</p>
		</PulseMessage>
	)
}
