/**
 * Every catalogue, read once on the server. The browser gets only the namespaces a page needs
 * (`browserNamespaces` in locales.ts, through the root loader); the others never leave the server.
 */
import { type Locale, type Namespace, NAMESPACES, PSEUDO_LOCALE, type RenderLocale } from './locales'
import deAdmin from './locales/de/admin.json'
import deApi from './locales/de/api.json'
import deApp from './locales/de/app.json'
import deBank from './locales/de/bank.json'
import deChat from './locales/de/chat.json'
import deIntegrations from './locales/de/integrations.json'
import deMail from './locales/de/mail.json'
import deReports from './locales/de/reports.json'
import enAdmin from './locales/en/admin.json'
import enApi from './locales/en/api.json'
import enApp from './locales/en/app.json'
import enBank from './locales/en/bank.json'
import enChat from './locales/en/chat.json'
import enIntegrations from './locales/en/integrations.json'
import enMail from './locales/en/mail.json'
import enReports from './locales/en/reports.json'
import esAdmin from './locales/es/admin.json'
import esApi from './locales/es/api.json'
import esApp from './locales/es/app.json'
import esBank from './locales/es/bank.json'
import esChat from './locales/es/chat.json'
import esIntegrations from './locales/es/integrations.json'
import esMail from './locales/es/mail.json'
import esReports from './locales/es/reports.json'
import frAdmin from './locales/fr/admin.json'
import frApi from './locales/fr/api.json'
import frApp from './locales/fr/app.json'
import frBank from './locales/fr/bank.json'
import frChat from './locales/fr/chat.json'
import frIntegrations from './locales/fr/integrations.json'
import frMail from './locales/fr/mail.json'
import frReports from './locales/fr/reports.json'
import jaAdmin from './locales/ja/admin.json'
import jaApi from './locales/ja/api.json'
import jaApp from './locales/ja/app.json'
import jaBank from './locales/ja/bank.json'
import jaChat from './locales/ja/chat.json'
import jaIntegrations from './locales/ja/integrations.json'
import jaMail from './locales/ja/mail.json'
import jaReports from './locales/ja/reports.json'
import { type Messages, pseudoMessages } from './pseudo'

export type Catalogue = Record<Namespace, Messages>

export const CATALOGUES: Record<Locale, Catalogue> = {
	en: { app: enApp, reports: enReports, admin: enAdmin, integrations: enIntegrations, mail: enMail, bank: enBank, chat: enChat, api: enApi },
	de: { app: deApp, reports: deReports, admin: deAdmin, integrations: deIntegrations, mail: deMail, bank: deBank, chat: deChat, api: deApi },
	fr: { app: frApp, reports: frReports, admin: frAdmin, integrations: frIntegrations, mail: frMail, bank: frBank, chat: frChat, api: frApi },
	es: { app: esApp, reports: esReports, admin: esAdmin, integrations: esIntegrations, mail: esMail, bank: esBank, chat: esChat, api: esApi },
	ja: { app: jaApp, reports: jaReports, admin: jaAdmin, integrations: jaIntegrations, mail: jaMail, bank: jaBank, chat: jaChat, api: jaApi },
}

const pseudo = Object.fromEntries(NAMESPACES.map((ns) => [ns, pseudoMessages(CATALOGUES.en[ns])])) as Catalogue

export const RESOURCES: Record<RenderLocale, Catalogue> = { ...CATALOGUES, [PSEUDO_LOCALE]: pseudo } as Record<RenderLocale, Catalogue>
