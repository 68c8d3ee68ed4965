// Plain http is allowed only to this machine (a development or test server); everything else
// the app fetches must be https. Shared by sync's server URL and calendar subscriptions.
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1'])

export const isLocalHost = (hostname: string): boolean =>
  LOCAL_HOSTS.has(hostname) || /^127\.\d+\.\d+\.\d+$/.test(hostname) || hostname.endsWith('.localhost')
