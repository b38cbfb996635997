import { BrowserWindow, session, shell, type WebContents, type WebFrameMain } from 'electron';
import { join } from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../shared/csp.ts';

/**
 * The one app window, hardened: no Node in the page, an isolated and sandboxed preload, a strict CSP on
 * every response, no navigation away from the app, no new windows, no permission prompts.
 */
export function createMainWindow(dir: string): BrowserWindow {
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
  });
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));

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
  hardenContents(win.webContents);
  win.once('ready-to-show', () => win.show());
  const devUrl = process.env['ELECTRON_RENDERER_URL'];
  if (devUrl) void win.loadURL(devUrl);
  else void win.loadFile(join(dir, '../renderer/index.html'));
  return win;
}

function hardenContents(contents: WebContents): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    // Links to the web open in the user's browser, never inside the app.
    if (/^https?:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
}

/** Whether an IPC call comes from our own window's top frame and our own page. */
export function isOwnSender(win: BrowserWindow | null, sender: WebContents, frame: WebFrameMain | null): boolean {
  if (!win || win.isDestroyed() || sender.id !== win.webContents.id) return false;
  if (!frame || frame !== win.webContents.mainFrame) return false;
  const devUrl = process.env['ELECTRON_RENDERER_URL'];
  const url = frame.url;
  return url.startsWith('file://') || (devUrl !== undefined && url.startsWith(devUrl));
}
