/**
 * The webhook route's plumbing: the raw body read with a byte limit (the signature is over the
 * exact bytes, so nothing may parse or re-encode them first) and JSON answers.
 */
import { json, jsonError, readRaw } from '~/api/api-http.server'

import { findConnector, MAX_DELIVERY_BYTES, NOT_FOUND, receiveDelivery } from './receive.server'

const tooLarge = () => jsonError('TOO_LARGE', `A delivery is at most ${MAX_DELIVERY_BYTES / 1024} KB.`)

/** POST /api/v1/hooks/:orgSlug/:connectorId */
export async function handleWebhook(request: Request, orgSlug: string, connectorId: string): Promise<Response> {
	// The size first: an oversized body is refused before it costs a database lookup.
	if (Number(request.headers.get('Content-Length') ?? 0) > MAX_DELIVERY_BYTES) return tooLarge()
	const connector = await findConnector(orgSlug, connectorId)
	if (!connector) return json(NOT_FOUND.body, NOT_FOUND.status)
	const body = await readRaw(request, MAX_DELIVERY_BYTES)
	if (!body) return tooLarge()
	const answer = await receiveDelivery(connector, request.headers, body)
	return json(answer.body, answer.status)
}
