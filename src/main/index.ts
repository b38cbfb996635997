import { app, BrowserWindow, ipcMain } from 'electron';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IPC_CHANNEL } from '../shared/contract.ts';
import { startCore } from './app.ts';
import { createMainWindow, isOwnSender } from './window.ts';

// The Electron entry: the only module besides window.ts that imports electron. Everything it serves
// comes from startCore, which the browser host (host/main.ts) uses too.
const here = dirname(fileURLToPath(import.meta.url));

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let win: BrowserWindow | null = null;
  app.on('second-instance', () => {
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });
  app.on('web-contents-created', (_e, contents) => {
    contents.on('will-navigate', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
  void app.whenReady().then(async () => {
    const core = await startCore({
      dataDir: process.env['CRM_HOME'] ?? app.getPath('userData'),
      transport: 'electron',
      version: app.getVersion(),
      // Built as its own entry beside index.js (electron.vite.config.ts).
      workerUrl: new URL('./job-thread.js', import.meta.url),
    });
    ipcMain.handle(IPC_CHANNEL, (event, channel: unknown, input: unknown) => {
      if (!isOwnSender(win, event.sender, event.senderFrame)) {
        return { ok: false, error: { kind: 'permission', message: 'Calls are accepted from the app window only' } };
      }
      return core.dispatch(channel, input);
    });
    win = createMainWindow(here, {
      connectionUrls: async () => (await core.services.connections.list()).map((c) => c.url),
    });
    app.on('window-all-closed', () => {
      void core.close().finally(() => app.quit());
    });
  });
}
