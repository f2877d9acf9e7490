import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

import { getCurrentUser } from '~/auth/guard.server'
import { leads } from '~/auth/roles'
import { DocPage } from '~/docs/doc-page'
import { readDoc, readSummary } from '~/docs/docs.server'
import { personLocale, requestLocale } from '~/i18n/i18n.server'
import { pageTitle } from '~/i18n/react'
import { invariantResponse } from '~/utils/http'

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'docs.method.page') }]

// How every figure is computed, as a page: the dashboard, results and settings point here, and a
// deployed server's users have no repository to open docs/METHOD.md in. The file stays the one
// source; a summary in the reader's language comes first (decision 0031). Public like /docs/api:
// it holds rules, no data.
export async function loader({ request }: LoaderFunctionArgs) {
	const current = await getCurrentUser(request)
	const locale = current ? personLocale(current.user, current.org) : await requestLocale(request)
	const [reference, summary] = await Promise.all([readDoc('method'), readSummary('method', locale)])
	invariantResponse(reference && summary, 'Not found')
	// Back to where the reader's figures are: a lead's dashboard, everyone else's results.
	return { reference, summary, english: locale === 'en', back: current ? (leads(current.user.role) ? 'dashboard' : 'results') : null }
}

export default function MethodDoc() {
	const { reference, summary, english, back } = useLoaderData<typeof loader>()
	const { t } = useTranslation()
	return (
		<DocPage
			title={t('docs.method.title')}
			back={back === 'dashboard' ? { to: '/dashboard', label: t('docs.back.dashboard') } : back === 'results' ? { to: '/results', label: t('docs.back.results') } : null}
			summary={summary}
			reference={reference}
			englishNote={english ? null : t('docs.method.english')}
		/>
	)
}
