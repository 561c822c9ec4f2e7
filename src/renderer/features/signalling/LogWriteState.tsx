// Above the log table: messages shed since start and messages still to be written long after they came (write-state.ts).
import { useServer } from '../../app/server-store';
import { countKey, useT } from '../../i18n';
import { useFormat } from '../../i18n/format';
import { ProblemNote } from '../../ui/Notice';
import { writeStateOf } from './write-state';

export function LogWriteState() {
  const t = useT();
  const f = useFormat();
  const { notStored, waiting, behindSec } = writeStateOf(useServer((s) => s.stats));
  if (notStored === 0 && waiting === 0) return null;
  return (
    <div className="log-write-state" role="status">
      {notStored > 0 && <ProblemNote testId="log-not-stored">{t(countKey(notStored, 'log.notStored'), { n: f.number(notStored) })}</ProblemNote>}
      {waiting > 0 && (
        <p className="muted" data-testid="log-waiting">
          {behindSec === null ? t('log.waiting', { n: f.number(waiting) }) : t(countKey(waiting, 'log.behind'), { n: f.number(waiting), seconds: f.number(behindSec) })}
        </p>
      )}
    </div>
  );
}
