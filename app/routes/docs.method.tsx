import type { MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'

import { readDoc } from '~/docs/docs.server'
import { Markdown } from '~/docs/markdown'
import { invariantResponse } from '~/utils/http'

export const meta: MetaFunction = () => [{ title: 'Method · State of Now' }]

// How every figure is computed, as a page: the dashboard, results and settings point here, and a
// deployed server's users have no repository to open docs/METHOD.md in. The file stays the one
// source. Public like /docs/api: it holds rules, no data.
export async function loader() {
	const source = await readDoc('method')
	invariantResponse(source, 'Not found')
	return { source }
}

export default function MethodDoc() {
	const { source } = useLoaderData<typeof loader>()
	return (
		<article className="card doc">
			<p className="small">
				<Link to="/dashboard">← Dashboard</Link>
			</p>
			<Markdown source={source} />
		</article>
	)
}
