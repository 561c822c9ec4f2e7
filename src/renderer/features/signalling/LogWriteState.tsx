// Above the log table: messages shed since start and a long backlog still to be written (write-state.ts).
import { useServer } from '../../app/server-store';
import { countKey, useT } from '../../i18n';
import { useFormat } from '../../i18n/format';
import { ProblemNote } from '../../ui/Notice';
import { writeStateOf } from './write-state';

export function LogWriteState() {
  const t = useT();
  const f = useFormat();
  const { notStored, waiting } = writeStateOf(useServer((s) => s.stats));
  if (notStored === 0 && waiting === 0) return null;
  return (
    <div className="log-write-state" role="status">
      {notStored > 0 && <ProblemNote testId="log-not-stored">{t(countKey(notStored, 'log.notStored'), { n: f.number(notStored) })}</ProblemNote>}
      {waiting > 0 && (
        <p className="muted" data-testid="log-waiting">
          {t('log.waiting', { n: f.number(waiting) })}
        </p>
      )}
    </div>
  );
}
