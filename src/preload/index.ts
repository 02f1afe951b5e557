// Sandboxed preload, bundled to one CJS file: it may require only 'electron' (STYLE.md §3).
import { contextBridge, ipcRenderer } from 'electron';
import { BRIDGE_KEY } from '../shared/ipc/bridge';
import { createBridge } from './bridge';

contextBridge.exposeInMainWorld(BRIDGE_KEY, createBridge(ipcRenderer));
