import { RPC_PATH, TOKEN_HEADER, type CrmBridge, type Envelope } from '../../../shared/contract.ts';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in the browser host. */
    crm?: CrmBridge;
  }
}

const TOKEN_KEY = 'crm-host-token';

/**
 * In the browser host the per-launch token arrives in the URL fragment (never sent to a server). It is
 * kept in sessionStorage for reloads and removed from the address bar at once.
 */
function hostToken(): string {
  const match = /(?:^#|&)token=([^&]+)/.exec(window.location.hash);
  if (match?.[1]) {
    sessionStorage.setItem(TOKEN_KEY, decodeURIComponent(match[1]));
    history.replaceState(null, '', window.location.pathname + window.location.search);
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

function browserBridge(): CrmBridge {
  const token = hostToken();
  return {
    async invoke(channel, input) {
      let res: Response;
      try {
        res = await fetch(`${RPC_PATH}${encodeURIComponent(channel)}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', [TOKEN_HEADER]: token },
          body: JSON.stringify(input ?? {}),
        });
      } catch {
        return { ok: false, error: { kind: 'unavailable', message: 'The app host is not running (was it closed?)' } };
      }
      return (await res.json()) as Envelope;
    },
  };
}

export const bridge: CrmBridge = window.crm ?? browserBridge();
