import { errorResponse } from '~/utils/errors'

/**
 * Every address no other route answers: a 404 through the app's error page, with the root loader
 * run (the header shows who is signed in). Without it an unknown address under a layout
 * (/admin/nope) matched that layout in the browser but not on the server, a hydration error.
 */
export async function loader() {
	throw errorResponse('NOT_FOUND')
}

export default function NotFound() {
	return null
}
