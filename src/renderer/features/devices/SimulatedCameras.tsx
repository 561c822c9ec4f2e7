// "No camera at hand": starts simulated GB/T 28181 cameras inside the server, which register with it over SIP
// and stream a test clip exactly as hardware would, so a newcomer can try every feature.
import { useEffect, useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import { errorText } from '../../api/errors';
import { countKey, useT } from '../../i18n';
import { ActionError, Progress } from '../../ui/Notice';

export function SimulatedCameras() {
  const t = useT();
  const [running, setRunning] = useState<string[]>([]);
  const [count, setCount] = useState(1);
  const [channels, setChannels] = useState(4);
  const [transport, setTransport] = useState<'udp' | 'tcp'>('udp');
  const [busy, setBusy] = useState<'start' | 'stop' | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api.invoke('sim.list', {}).then((v) => setRunning(v.deviceIds), () => undefined);
  }, []);

  const start = async (e: FormEvent) => {
    e.preventDefault();
    setBusy('start');
    setError(null);
    try {
      setRunning((await api.invoke('sim.start', { count, channels, transport })).deviceIds);
    } catch (err) {
      setError(errorText(err, t));
    } finally {
      setBusy(null);
    }
  };

  const stop = async () => {
    setBusy('stop');
    setError(null);
    try {
      await api.invoke('sim.stop', {});
      setRunning([]);
    } catch (err) {
      setError(errorText(err, t));
    } finally {
      setBusy(null);
    }
  };

  return (
    <section aria-labelledby="sim-heading" className="details-section">
      <h3 id="sim-heading">{t('sim.heading')}</h3>
      <p className="muted">{t('sim.intro')}</p>
      <form onSubmit={start} className="sim-form">
        <label>
          {t('sim.count')}
          <input type="number" min={1} max={200} value={count} onChange={(e) => setCount(Number(e.target.value))} />
        </label>
        <label>
          {t('sim.channels')}
          <input type="number" min={0} max={64} value={channels} onChange={(e) => setChannels(Number(e.target.value))} />
        </label>
        <label>
          {t('sim.transport')}
          <select value={transport} onChange={(e) => setTransport(e.target.value as 'udp' | 'tcp')}>
            <option value="udp">UDP</option>
            <option value="tcp">TCP</option>
          </select>
        </label>
        <button type="submit" disabled={busy !== null}>
          {t('sim.start')}
        </button>
        <button type="button" onClick={() => void stop()} disabled={busy !== null || running.length === 0}>
          {t('sim.stop')}
        </button>
      </form>
      {busy && <Progress label={busy === 'start' ? t('sim.starting') : t('sim.stopping')} />}
      {error && <ActionError>{error}</ActionError>}
      <p role="status" data-testid="sim-running">
        {running.length === 0 ? t('sim.none') : t(countKey(running.length, 'sim.running'), { n: running.length, first: running[0], last: running[running.length - 1] })}
      </p>
    </section>
  );
}
