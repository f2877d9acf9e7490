import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'

import { HowAnswersAreProtected, PulseMessage } from '~/components/pulse-page'

export const meta: MetaFunction = () => [{ title: 'Thank you · State of Now' }]

export async function loader({ request }: LoaderFunctionArgs) {
	const k = Number(new URL(request.url).searchParams.get('k'))
	return { k: Number.isInteger(k) && k >= 3 && k <= 100 ? k : 5 }
}

export default function Thanks() {
	const { k } = useLoaderData<typeof loader>()
	return (
		<PulseMessage title="Thank you — your answers are in">
			<p>They now count towards your team's results, which are shared once enough people have answered.</p>
			<HowAnswersAreProtected k={k} />
			<p className="small">
				<Link to="/home">Your home page</Link>
			</p>
		</PulseMessage>
	)
}
