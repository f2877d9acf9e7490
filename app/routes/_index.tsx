import { type LoaderFunctionArgs, redirect } from '@remix-run/node'

import { getCurrentUser } from '~/auth/guard.server'

export async function loader({ request }: LoaderFunctionArgs) {
	throw redirect((await getCurrentUser(request)) ? '/home' : '/login')
}
