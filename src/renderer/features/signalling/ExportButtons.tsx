// Export the current filter as a text log or a pcap (log.export); shows progress and where the file went.
import { useState } from 'react';
import type { LogExportResult } from '../../../shared/contract';
import { api } from '../../api/client';
import { errorText } from '../../api/errors';
import { countKey, useT } from '../../i18n';
import { CopyButton } from '../../ui/CopyButton';
import { ActionError, Progress } from '../../ui/Notice';
import { authHeaders } from '../../api/api-token';
import { downloadBlob } from '../live/file-names';
import { canFetchFiles } from '../recordings/download-file';
import { useLog } from './log-store';

/** The headless console's export, fetched and saved through the browser (the file is on the server's disk). */
async function saveExport(path: string): Promise<string> {
  const name = path.split(/[\\/]/).pop() ?? path;
  const res = await fetch(new URL(`/api/exports/${encodeURIComponent(name)}`, window.location.origin), { headers: authHeaders() });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new Error(body?.error?.message ?? `HTTP ${res.status}`);
  }
  downloadBlob(await res.blob(), name);
  return name;
}

export function ExportButtons() {
  const t = useT();
  const filter = useLog((s) => s.filter);
  const [running, setRunning] = useState<'text' | 'pcap' | null>(null);
  const [result, setResult] = useState<LogExportResult | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const run = async (format: 'text' | 'pcap') => {
    setRunning(format);
    setResult(null);
    setSaved(null);
    setError(null);
    try {
      const done = await api.invoke('log.export', { ...filter, format });
      if (canFetchFiles()) setSaved(t(countKey(done.count, 'export.saved'), { file: await saveExport(done.path), count: done.count }));
      else setResult(done);
    } catch (err) {
      setError(errorText(err, t));
    } finally {
      setRunning(null);
    }
  };

  return (
    <div className="export" role="group" aria-label={t('export.group')}>
      <button type="button" onClick={() => void run('text')} disabled={running !== null}>
        {t('export.text')}
      </button>
      <button type="button" onClick={() => void run('pcap')} disabled={running !== null}>
        {t('export.pcap')}
      </button>
      {running && (
        <span className="progress-row">
          <Progress label={t('export.running')} />
          <span>{t('export.running')}</span>
        </span>
      )}
      {result && (
        <span className="export-result" aria-live="polite">
          <span data-testid="export-path">{t(countKey(result.count, 'export.done'), { count: result.count, path: result.path })}</span>
          <CopyButton value={result.path} label={t('export.copyPath')} />
        </span>
      )}
      {saved && (
        <span className="export-result" aria-live="polite" data-testid="export-saved">
          {saved}
        </span>
      )}
      {error && <ActionError>{error}</ActionError>}
    </div>
  );
}
