/**
 * How long a link lives, shared by the module that issues it and by retention, which purges the
 * expired ones (audit/ sits below mail/, so the number lives here).
 */
export const UNSUBSCRIBE_LINK_DAYS = 90
export const unsubscribeLinksMintedBefore = (now: Date) => new Date(now.getTime() - UNSUBSCRIBE_LINK_DAYS * 86_400_000)
