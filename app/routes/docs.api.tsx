import type { MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'

import { readDoc } from '~/docs/docs.server'
import { Markdown } from '~/docs/markdown'
import { invariantResponse } from '~/utils/http'

export const meta: MetaFunction = () => [{ title: 'REST API · State of Now' }]

// The API documentation as a page: an admin making a key on a deployed server needs a link, not a
// path in a repository. docs/api.md stays the one source. Public: it holds no secret, and the
// people who integrate a help desk may not have an account.
export async function loader() {
	const source = await readDoc('api')
	invariantResponse(source, 'Not found')
	return { source }
}

export default function ApiDoc() {
	const { source } = useLoaderData<typeof loader>()
	return (
		<article className="card doc">
			<p className="small">
				<Link to="/admin/api-keys">← API keys</Link>
			</p>
			<Markdown source={source} />
		</article>
	)
}
