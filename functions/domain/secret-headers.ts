/**
 * The request headers that carry a task link's id and a status page's key, so that
 * neither travels in a URL (lower case, as an HTTP API hands headers to a function). Apart
 * from links.ts so the web app can share them without its crypto.
 */
export const LINK_HEADER = 'x-warta-link';
export const STATUS_KEY_HEADER = 'x-warta-status-key';
