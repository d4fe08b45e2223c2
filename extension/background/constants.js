// Tandem background: values shared by the background modules.

/** browser.* on Firefox, chrome.* on Chrome; both return promises under Manifest V3. */
export const api = globalThis.browser ?? globalThis.chrome;

/** Where `tandem serve` listens by default (server/tandem/config.py, PORT). */
export const DEFAULT_SERVER = 'http://127.0.0.1:8765';

/** Mirrors TONES and PLATFORMS in server/tandem/config.py, which validates them again. */
export const TONES = ['warm', 'playful', 'professional', 'concise', 'enthusiastic'];
export const PLATFORMS = ['youtube', 'x', 'reddit', 'instagram', 'tiktok', 'facebook', 'linkedin', 'demo'];

/** Loopback only: host_permissions cover nothing else, and the server binds loopback only. */
export const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost']);

/** How often the badge is re-checked while an options page or side panel is open. */
export const STATUS_REFRESH_MS = 20_000;
