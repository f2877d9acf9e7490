/**
 * The page's CSP nonce, given by entry.server while rendering on the server. In the browser it is
 * undefined: the inline scripts have already run, and browsers hide the attribute's value anyway.
 */
import { createContext, useContext } from 'react'

export const NonceContext = createContext<string | undefined>(undefined)

export const useNonce = () => useContext(NonceContext)
