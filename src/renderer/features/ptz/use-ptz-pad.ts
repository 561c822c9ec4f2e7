// One channel's hold controller for a pad: created per channel, stopped when the window loses focus, the tab is
// hidden, the channel changes or the pad goes away (tile closed, session ended).
import { useEffect, useMemo, useState } from 'react';
import { create } from 'zustand';
import { bindWindowRelease, keyboardHandlers } from './bindings';
import { PtzHold, type HoldReport } from './hold';
import { channelCommands, type ChannelRef } from './ptz-api';

const SPEED_KEY = 'gb.ptzSpeed';

/** One speed for every pad, kept across restarts. */
export const usePtzSpeed = create<{ speed: number; setSpeed(n: number): void }>((set) => ({
  speed: Number(localStorage.getItem(SPEED_KEY)) || 50,
  setSpeed(speed) {
    localStorage.setItem(SPEED_KEY, String(speed));
    set({ speed });
  },
}));

const speedNow = () => usePtzSpeed.getState().speed;

export function usePtzPad(ref: ChannelRef) {
  const [report, setReport] = useState<HoldReport | null>(null);
  const [moving, setMoving] = useState(false);
  const { deviceId, channelId } = ref;
  const hold = useMemo(() => {
    const h = new PtzHold(channelCommands({ deviceId, channelId }), (r) => {
      setReport(r);
      setMoving(h.running !== null);
    });
    return h;
  }, [deviceId, channelId]);
  const keys = useMemo(() => keyboardHandlers(hold, speedNow), [hold]);
  useEffect(() => bindWindowRelease(hold, window, document, () => keys.reset()), [hold, keys]);
  return { hold, keys, report, moving, speed: speedNow, commands: useMemo(() => channelCommands({ deviceId, channelId }), [deviceId, channelId]) };
}
