/**
 * Which addresses the desktop window may hand to the user's browser (plain logic; window.ts wires it to
 * Electron). A page can ask to open any address, and a compromised or tricked renderer could use that
 * to send the user anywhere: only the configured connections' own vendor sites open at once; any other
 * web address is shown to the user first, and everything else (file:, javascript:, custom schemes,
 * addresses carrying a user name or password) never opens.
 */
export type LinkDecision =
  { action: 'open'; url: string } | { action: 'ask'; url: string; host: string } | { action: 'deny'; reason: string };

/** Longer addresses are refused: nothing the app links to is this long, and a dialog cannot show one. */
export const MAX_LINK_LENGTH = 2048;

/** The origins (`https://acme.simply-crm.example`) of the configured connections. */
export function connectionOrigins(connectionUrls: readonly string[]): Set<string> {
  const origins = new Set<string>();
  for (const raw of connectionUrls) {
    const url = parse(raw);
    if (url && (url.protocol === 'https:' || url.protocol === 'http:')) origins.add(url.origin);
  }
  return origins;
}

export function decideExternalLink(raw: string, allowedOrigins: ReadonlySet<string>): LinkDecision {
  if (raw.length > MAX_LINK_LENGTH) return { action: 'deny', reason: 'address too long' };
  const url = parse(raw);
  if (!url) return { action: 'deny', reason: 'not an address' };
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { action: 'deny', reason: 'not a web address' };
  if (url.username !== '' || url.password !== '') return { action: 'deny', reason: 'address carries credentials' };
  if (allowedOrigins.has(url.origin)) return { action: 'open', url: url.href };
  return { action: 'ask', url: url.href, host: url.host };
}

/** The question the window asks before opening an address outside the configured vendors' sites. */
export function askText(decision: { url: string; host: string }): { message: string; detail: string } {
  return {
    message: `Open ${printable(decision.host)} in your browser?`,
    detail: `This address is not one of your connections' sites:\n${printable(decision.url)}`,
  };
}

/**
 * The dev server's address, from electron-vite's ELECTRON_RENDERER_URL, in development only: a packaged
 * app always loads its own files, whatever the environment says.
 */
export function devRendererUrl(env: NodeJS.ProcessEnv, packaged: boolean): string | undefined {
  if (packaged) return undefined;
  const url = parse(env['ELECTRON_RENDERER_URL'] ?? '');
  if (!url || url.protocol !== 'http:' || !['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)) {
    return undefined;
  }
  return url.href;
}

function parse(raw: string): URL | null {
  try {
    return new URL(raw);
  } catch {
    return null;
  }
}

/** Control and bidirectional-override characters could disguise an address in a dialog. */
function printable(text: string): string {
  return text.replace(/[\p{Cc}\u200b-\u200f\u202a-\u202e\u2066-\u2069]/gu, '\uFFFD');
}
