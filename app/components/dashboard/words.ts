/** Names the reading pages give to what the reports hold by key: dimensions, comment themes and the whole organisation. */
import type { TFunction } from 'i18next'

/** The organisation's id in a report (ROOT of app/reports/cube.ts, not imported: that module is the server's statistics). */
const ROOT = 'org'

/** A dimension's name ("Decision autonomy"); `inline` for within a sentence ("decision autonomy"). */
export function dimensionName(t: TFunction, key: string, inline = false) {
	return inline ? t(`dimensionsInline.${key}`) : t(`dimensions.${key}`)
}

/** A comment theme's name: a dimension's, "Approvals and sign-offs" or "Other". */
export function themeName(t: TFunction, key: string) {
	return t(`themes.${key}`)
}

/** A group's name: a team's path as it is (data), the organisation in the reader's words. */
export function groupName(t: TFunction, id: string, label: string) {
	return id === ROOT ? t('wholeOrganisation') : label
}

/** The same, as the object of a comparison ("below the organisation", "against Customer Care"). */
export function groupObject(t: TFunction, id: string, label: string) {
	return id === ROOT ? t('theOrganisation') : label
}
