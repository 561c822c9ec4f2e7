import type { GbBridge } from '../../shared/contract';
import { createHttpBridge } from './http-bridge';

/** window.gb inside Electron, otherwise HTTP + WebSocket to the page's own origin. */
export const api: GbBridge = window.gb ?? createHttpBridge();
