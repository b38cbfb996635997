import { app, BrowserWindow, dialog, session, shell, type WebContents, type WebFrameMain } from 'electron';
import { join } from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../shared/csp.ts';
import { askText, connectionOrigins, decideExternalLink, devRendererUrl } from './external-links.ts';

/**
 * The one app window, hardened: no Node in the page, an isolated and sandboxed preload, a strict CSP on
 * every response, no navigation away from the app, no new windows, no permissions (asked or checked),
 * web links to the user's browser only for the connections' own sites (others after asking).
 */
export function createMainWindow(dir: string, opts: { connectionUrls: () => Promise<string[]> }): BrowserWindow {
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
  });
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  session.defaultSession.setDevicePermissionHandler(() => false);

  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    title: 'CRM Desk',
    show: false,
    webPreferences: {
      preload: join(dir, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  hardenContents(win, opts.connectionUrls);
  win.once('ready-to-show', () => win.show());
  const devUrl = devRendererUrl(process.env, app.isPackaged);
  if (devUrl) void win.loadURL(devUrl);
  else void win.loadFile(join(dir, '../renderer/index.html'));
  return win;
}

function hardenContents(win: BrowserWindow, connectionUrls: () => Promise<string[]>): void {
  const contents = win.webContents;
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    // Never inside the app: the user's browser, for the connections' sites or once the user agrees.
    void openOutside(win, url, connectionUrls);
    return { action: 'deny' };
  });
}

async function openOutside(win: BrowserWindow, url: string, connectionUrls: () => Promise<string[]>): Promise<void> {
  const decision = decideExternalLink(url, connectionOrigins(await connectionUrls().catch(() => [])));
  if (decision.action === 'deny') return;
  if (decision.action === 'ask') {
    const { message, detail } = askText(decision);
    const answer = await dialog.showMessageBox(win, {
      type: 'question',
      buttons: ['Cancel', 'Open in browser'],
      defaultId: 0,
      cancelId: 0,
      message,
      detail,
    });
    if (answer.response !== 1) return;
  }
  await shell.openExternal(decision.url);
}

/** Whether an IPC call comes from our own window's top frame and our own page. */
export function isOwnSender(win: BrowserWindow | null, sender: WebContents, frame: WebFrameMain | null): boolean {
  if (!win || win.isDestroyed() || sender.id !== win.webContents.id) return false;
  if (!frame || frame !== win.webContents.mainFrame) return false;
  const devUrl = devRendererUrl(process.env, app.isPackaged);
  const url = frame.url;
  return url.startsWith('file://') || (devUrl !== undefined && url.startsWith(devUrl));
}
