import type { GbBridge, GbMediaBridge } from '../shared/contract';

declare global {
  interface Window {
    /** Present inside Electron (exposed by the preload); absent in a browser served by the headless shell. */
    gb?: GbBridge & GbMediaBridge;
  }
}
