/**
 * The language of the interface: Indonesian by default, English on a toggle that is
 * remembered in localStorage. `t` reads the reactive locale, so text re-renders on toggle.
 */
import 'svelte';
import { id, type MessageKey } from './id.js';

export type Locale = 'id' | 'en';
const STORAGE_KEY = 'warta.locale';

function storedLocale(): Locale {
  try {
    return globalThis.localStorage?.getItem(STORAGE_KEY) === 'en' ? 'en' : 'id';
  } catch {
    return 'id'; // storage may be blocked (private mode); Indonesian is the default anyway
  }
}

export const i18n = $state<{ locale: Locale }>({ locale: 'id' });
// English is loaded only when asked for, so Indonesian readers never download it.
let english = $state.raw<Record<MessageKey, string> | undefined>();

/** Loads the English catalogue (once); Indonesian is always there. */
export async function loadLocale(locale: Locale): Promise<void> {
  if (locale === 'en' && !english) english = (await import('./en.js')).en;
}

export async function setLocale(locale: Locale): Promise<void> {
  await loadLocale(locale);
  i18n.locale = locale;
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, locale);
  } catch {
    // not remembered, still switched
  }
  if (typeof document !== 'undefined') document.documentElement.lang = locale;
}

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(id, key);
}

/** Starts in the remembered language; call (and await) once before mounting the app. */
export async function initLocale(): Promise<void> {
  const locale = storedLocale();
  await loadLocale(locale).catch(() => undefined); // offline: Indonesian still works
  i18n.locale = english || locale === 'id' ? locale : 'id';
  if (typeof document !== 'undefined') document.documentElement.lang = i18n.locale;
}

/** Translates a catalogue key, filling `{name}` placeholders. */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  const template = (i18n.locale === 'en' && english ? english[key] : undefined) ?? id[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** A label given in both languages by the server (stage labels, news types). */
export function pick(label: { id: string; en: string } | string | undefined): string {
  if (label === undefined) return '';
  return typeof label === 'string' ? label : label[i18n.locale];
}

/** A date and time in the interface language, in the person's own time zone. */
export function formatTime(iso: string | undefined): string {
  if (!iso) return '';
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- formatted and dropped; nothing reacts to it
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(i18n.locale === 'id' ? 'id-ID' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}
