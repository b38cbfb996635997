import {
  LAUNCH_PARAM,
  RPC_PATH,
  SESSION_PATH,
  TOKEN_HEADER,
  type CrmBridge,
  type Envelope,
} from '../../../shared/contract.ts';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in the browser host. */
    crm?: CrmBridge;
  }
}

const TOKEN_KEY = 'crm-host-token';
const hostGone: Envelope = {
  ok: false,
  error: { kind: 'unavailable', message: 'The app host is not running (was it closed?)' },
};

/**
 * In the browser host the page opens on a launch address holding a one-time code (in the fragment,
 * never sent to a server); the code leaves the address bar at once and is traded for the per-launch
 * token, which stays in sessionStorage for reloads of this tab.
 */
async function hostToken(): Promise<string> {
  const match = new RegExp(`(?:^#|&)${LAUNCH_PARAM}=([^&]+)`).exec(window.location.hash);
  if (match?.[1]) {
    history.replaceState(null, '', window.location.pathname + window.location.search);
    const code = decodeURIComponent(match[1]);
    try {
      const res = await fetch(SESSION_PATH, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ code }),
      });
      const answer = (await res.json()) as Envelope<{ token: string }>;
      if (answer.ok) sessionStorage.setItem(TOKEN_KEY, answer.value.token);
    } catch {
      // The calls below then say the host is not running.
    }
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
          headers: { 'Content-Type': 'application/json', [TOKEN_HEADER]: await token },
          body: JSON.stringify(input ?? {}),
        });
      } catch {
        return hostGone;
      }
      if (res.status === 401) {
        return {
          ok: false,
          error: {
            kind: 'permission',
            message: 'This page has no session with the app host: open the address the app printed',
          },
        };
      }
      return (await res.json()) as Envelope;
    },
  };
}

export const bridge: CrmBridge = window.crm ?? browserBridge();
