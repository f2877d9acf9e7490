import { Outlet } from '@remix-run/react'

import { GeneralErrorBoundary } from '~/components/error-boundary'

// Every admin loader and action calls requireAdmin itself: loaders run in parallel, so a
// guard here would not protect its children.
export default function AdminLayout() {
	return <Outlet />
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
