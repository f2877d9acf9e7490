import type { LoaderFunctionArgs } from '@remix-run/node'

import { samlMetadataFor } from '~/identity/saml.server'
import { errorResponse } from '~/utils/errors'

// Our service provider metadata for one organisation; its address is also our entity id there.
export async function loader({ params }: LoaderFunctionArgs) {
	const xml = await samlMetadataFor(params.orgId ?? '')
	if (!xml) throw errorResponse('NOT_FOUND', 'Not found.')
	return new Response(xml, { headers: { 'Content-Type': 'application/samlmetadata+xml; charset=utf-8', 'Cache-Control': 'no-store' } })
}
