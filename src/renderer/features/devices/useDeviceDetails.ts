import { useCallback, useEffect, useRef, useState } from 'react';
import type { DeviceDetails } from '../../../shared/contract';
import { api } from '../../api/client';
import { useDevices } from './device-store';

/** device.get for the selected device, fetched again (at most every 2 s) when its summary changes. */
export function useDeviceDetails(deviceId: string | null) {
  const [details, setDetails] = useState<DeviceDetails | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);
  const summary = useDevices((s) => (deviceId ? s.devices.get(deviceId) : undefined));
  const lastFetch = useRef(0);
  const current = useRef(deviceId);
  current.current = deviceId;

  const reload = useCallback(async () => {
    if (!deviceId) return;
    lastFetch.current = Date.now();
    setLoading(true);
    try {
      const d = await api.invoke('device.get', { deviceId });
      if (current.current === deviceId) {
        setDetails(d);
        setError(null);
      }
    } catch (err) {
      if (current.current === deviceId) setError(err);
    } finally {
      if (current.current === deviceId) setLoading(false);
    }
  }, [deviceId]);

  useEffect(() => {
    setDetails(null);
    setError(null);
    void reload();
  }, [reload]);

  useEffect(() => {
    if (!summary || !details) return;
    const wait = Math.max(0, 2000 - (Date.now() - lastFetch.current));
    const timer = setTimeout(() => void reload(), wait);
    return () => clearTimeout(timer);
    // Only a new summary object (an event about this device) triggers this.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [summary]);

  return { details, summary, error, loading, reload, setDetails };
}
