/**
 * Where to go once signed in: the desk address a signed-out person opened (a colleague's
 * link to a release, say), kept on this device while they fetch the sign-in mail, which may
 * open in another tab. Only desk addresses are kept, so the sign-in page cannot be made to
 * send anyone elsewhere.
 */
const KEY = 'warta.desk.returnTo';

/** A segment never starts with a dot, so `..` cannot climb out of the desk. */
const isDeskAddress = (path: string) => /^\/meja(\/[\w%-][\w%.-]*)*\/?$/.test(path);

export function rememberReturnTo(path: string): void {
  try {
    if (isDeskAddress(path)) globalThis.localStorage?.setItem(KEY, path);
  } catch {
    // storage blocked: the desk's front page it is
  }
}

/** The remembered desk address (forgotten once read), else the desk's front page. */
export function takeReturnTo(): string {
  try {
    const path = globalThis.localStorage?.getItem(KEY) ?? '';
    globalThis.localStorage?.removeItem(KEY);
    return isDeskAddress(path) ? path : '/meja';
  } catch {
    return '/meja';
  }
}
