// A channel's presets: listed with names (PresetQuery, names the console keeps), call / set / rename / delete.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { PresetList } from '../../../shared/contract';
import { api } from '../../api/client';
import { errorText } from '../../api/errors';
import { useTx } from '../../i18n';
import { OutcomeLine } from '../control/OutcomeLine';
import { useCommand } from '../control/use-command';
import type { ChannelRef } from './ptz-api';

export function PresetsPanel({ at }: { at: ChannelRef }) {
  const t = useTx();
  const [list, setList] = useState<PresetList | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [renaming, setRenaming] = useState<number | null>(null);
  const [newName, setNewName] = useState('');
  const [setIndex, setSetIndex] = useState('1');
  const [setName, setSetName] = useState('');
  const cmd = useCommand();
  const { deviceId, channelId } = at;

  const load = useCallback(async () => {
    setLoading(true);
    setLoadError(null);
    try {
      setList(await api.invoke('ptz.presets', { deviceId, channelId }));
    } catch (err) {
      setLoadError(errorText(err, t));
    } finally {
      setLoading(false);
    }
  }, [deviceId, channelId, t]);
  useEffect(() => {
    void load();
  }, [load]);

  const name = (index: number) => list?.presets.find((p) => p.index === index)?.name ?? '';
  const call = (index: number) => void cmd.run(t('presets.callOf', { index, name: name(index) }).trim(), () => api.invoke('ptz.preset', { deviceId, channelId, action: 'call', index }));
  const remove = async (index: number) => {
    await cmd.run(t('presets.deleteOf', { index, name: name(index) }).trim(), () => api.invoke('ptz.preset', { deviceId, channelId, action: 'delete', index }));
    void load();
  };
  const rename = async (e: FormEvent, index: number) => {
    e.preventDefault();
    const what = t('presets.renameOf', { index, name: name(index) }).trim();
    cmd.set({ phase: 'sending', what });
    try {
      const entry = await api.invoke('ptz.presetName', { deviceId, channelId, index, name: newName.trim() });
      cmd.set({ phase: 'info', what, text: (tr) => tr('presets.renamed', { index: entry.index, name: entry.name }) });
      setRenaming(null);
      void load();
    } catch (error) {
      cmd.set({ phase: 'failed', what, error });
    }
  };
  const setPreset = async (e: FormEvent) => {
    e.preventDefault();
    const index = Number(setIndex);
    if (!Number.isInteger(index) || index < 1 || index > 255) return;
    await cmd.run(t('presets.setButton') + ` ${index}`, () =>
      api.invoke('ptz.preset', { deviceId, channelId, action: 'set', index, ...(setName.trim() ? { name: setName.trim() } : {}) }),
    );
    setSetName('');
    void load();
  };

  return (
    <fieldset>
      <legend>{t('presets.heading')}</legend>
      <div className="row">
        <button type="button" onClick={() => void load()} disabled={loading}>
          {t('presets.reload')}
        </button>
        {loading && <span className="muted">{t('tree.loadingShort')}</span>}
      </div>
      {loadError && <p className="warning">{loadError}</p>}
      {list && !list.answered && <p className="muted small">{t('presets.notAnswered')}</p>}
      {list && list.answered && !list.complete && <p className="muted small">{t('presets.partial')}</p>}
      {list && list.presets.length === 0 && <p className="muted">{t('presets.none')}</p>}
      {list && list.presets.length > 0 && (
        <div className="preset-list-scroll">
          <table className="preset-table" aria-label={t('presets.heading')}>
            <thead>
              <tr>
                <th scope="col">{t('presets.index')}</th>
                <th scope="col">{t('presets.name')}</th>
                <th scope="col">{t('presets.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {list.presets.map((p) => (
                <tr key={p.index}>
                  <td className="num">{p.index}</td>
                  <td>
                    {renaming === p.index ? (
                      <form id={`rename-${p.index}`} onSubmit={(e) => void rename(e, p.index)}>
                        <input aria-label={t('presets.newName', { index: p.index })} value={newName} maxLength={64} autoFocus onChange={(e) => setNewName(e.target.value)} />
                      </form>
                    ) : (
                      p.name
                    )}
                  </td>
                  <td className="actions">
                    {renaming === p.index ? (
                      <>
                        <button type="submit" form={`rename-${p.index}`} className="small">
                          {t('presets.save')}
                        </button>
                        <button type="button" className="small" onClick={() => setRenaming(null)}>
                          {t('common.cancel')}
                        </button>
                      </>
                    ) : (
                      <>
                        <button type="button" className="small" aria-label={t('presets.callOf', { index: p.index, name: p.name }).trim()} onClick={() => call(p.index)}>
                          {t('presets.call')}
                        </button>
                        <button
                          type="button"
                          className="small"
                          aria-label={t('presets.renameOf', { index: p.index, name: p.name }).trim()}
                          onClick={() => {
                            setRenaming(p.index);
                            setNewName(p.name);
                          }}
                        >
                          {t('presets.rename')}
                        </button>
                        <button type="button" className="small danger" aria-label={t('presets.deleteOf', { index: p.index, name: p.name }).trim()} onClick={() => void remove(p.index)}>
                          {t('presets.delete')}
                        </button>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form className="row" onSubmit={(e) => void setPreset(e)} aria-label={t('presets.set')}>
        <label className="field compact">
          <span>{t('presets.setIndex')}</span>
          <input type="number" min={1} max={255} required value={setIndex} onChange={(e) => setSetIndex(e.target.value)} />
        </label>
        <label className="field compact">
          <span>{t('presets.setName')}</span>
          <input value={setName} maxLength={64} onChange={(e) => setSetName(e.target.value)} />
        </label>
        <button type="submit" disabled={cmd.busy}>
          {t('presets.setButton')}
        </button>
      </form>
      <OutcomeLine state={cmd.state} testId="presets-outcome" />
    </fieldset>
  );
}
