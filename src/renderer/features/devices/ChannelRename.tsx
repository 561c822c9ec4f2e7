// Renames one channel in the console (channel.rename): a name kept across catalogs; empty gives back the device's own.
import { useState, type FormEvent } from 'react';
import type { ChannelView } from '../../../shared/contract';
import { api } from '../../api/client';
import { errorText } from '../../api/errors';
import { useT } from '../../i18n';
import { ActionError } from '../../ui/Notice';

export function ChannelRename({ channel, label, onDone }: { channel: ChannelView; label: string; onDone(): void }) {
  const t = useT();
  const [name, setName] = useState(channel.customName ?? channel.name);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.invoke('channel.rename', { deviceId: channel.deviceId, channelId: channel.channelId, name: name.trim() });
      onDone();
    } catch (err) {
      setError(errorText(err, t));
      setBusy(false);
    }
  };
  return (
    <form className="channel-rename" onSubmit={(e) => void submit(e)} aria-label={t('channels.renameOf', { name: label })}>
      <label className="field compact">
        <span>{t('channels.newName')}</span>
        <input
          value={name}
          maxLength={64}
          autoFocus
          spellCheck={false}
          placeholder={t('channels.renameHint')}
          onChange={(e) => setName(e.target.value)}
          onKeyDown={(e) => e.key === 'Escape' && onDone()}
        />
      </label>
      <button type="submit" className="small" disabled={busy}>
        {t('channels.saveName')}
      </button>
      <button type="button" className="small" onClick={onDone}>
        {t('common.cancel')}
      </button>
      {error && <ActionError>{error}</ActionError>}
    </form>
  );
}
