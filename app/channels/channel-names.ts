/** The channels a person's pulses and results can go by; shared with the browser bundle (no server imports). */
export const CHANNELS = ['email', 'slack', 'teams'] as const
export type ChannelName = (typeof CHANNELS)[number]
export type ChatChannelName = Exclude<ChannelName, 'email'>
export const CHANNEL_LABELS: Record<ChannelName, string> = { email: 'E-mail', slack: 'Slack', teams: 'Microsoft Teams' }
export const isChannel = (v: unknown): v is ChannelName => typeof v === 'string' && (CHANNELS as readonly string[]).includes(v)
