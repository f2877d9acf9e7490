import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

import { getCurrentUser } from '~/auth/guard.server'
import { isAdmin } from '~/auth/roles'
import { DocPage } from '~/docs/doc-page'
import { readDoc, readSummary } from '~/docs/docs.server'
import { personLocale, requestLocale } from '~/i18n/i18n.server'
import { pageTitle } from '~/i18n/react'
import { invariantResponse } from '~/utils/http'

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'docs.api.page') }]

// The API documentation as a page: an admin making a key on a deployed server needs a link, not a
// path in a repository. docs/api.md stays the one source, in English as developers read API
// references; a short introduction in the reader's language comes first (decision 0031). Public:
// it holds no secret, and the people who integrate a help desk may not have an account.
export async function loader({ request }: LoaderFunctionArgs) {
	const current = await getCurrentUser(request)
	const locale = current ? personLocale(current.user, current.org) : await requestLocale(request)
	const [reference, summary] = await Promise.all([readDoc('api'), readSummary('api', locale)])
	invariantResponse(reference && summary, 'Not found')
	return { reference, summary, english: locale === 'en', backToKeys: Boolean(current && isAdmin(current.user.role)) }
}

export default function ApiDoc() {
	const { reference, summary, english, backToKeys } = useLoaderData<typeof loader>()
	const { t } = useTranslation()
	return (
		<DocPage
			title={t('docs.api.title')}
			back={backToKeys ? { to: '/admin/api-keys', label: t('docs.back.apiKeys') } : null}
			summary={summary}
			reference={reference}
			englishNote={english ? null : t('docs.api.english')}
		/>
	)
}
