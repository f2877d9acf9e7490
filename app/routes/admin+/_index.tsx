import { type LoaderFunctionArgs, redirect } from '@remix-run/node'

import { requireAdmin } from '~/auth/guard.server'

export async function loader({ request }: LoaderFunctionArgs) {
	await requireAdmin(request)
	throw redirect('/admin/people')
}

// Never rendered (the loader redirects or throws), but a route with a component is a page: its
// 403 goes through the app's error page instead of answering as a bare text/plain resource.
export default function AdminIndex() {
	return null
}
