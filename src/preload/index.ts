import { contextBridge, ipcRenderer } from 'electron';
import { IPC_CHANNEL, type CrmBridge, type Envelope } from '../shared/contract.ts';

// The renderer gets exactly one function, which forwards a contract call to main. Main validates the
// channel and the input; nothing else of Electron or Node is reachable from the page.
const bridge: CrmBridge = {
  invoke: (channel, input) => ipcRenderer.invoke(IPC_CHANNEL, channel, input) as Promise<Envelope>,
};
contextBridge.exposeInMainWorld('crm', bridge);
