// Filter bar of the signalling log; text fields apply after a short pause in typing, selects at once.
import { useEffect, type ReactNode } from 'react';
import { useT } from '../../i18n';
import { DateTimeInput } from '../../ui/DateTimeInput';
import type { MessageKey } from '../../i18n/en';
import { draftToFilter, EMPTY_DRAFT, METHOD_SUGGESTIONS, sameFilter, STATUS_CLASSES, type FilterDraft } from './log-filter';
import { useLog } from './log-store';

const TYPING_MS = 400;

/** `extra` (the export buttons) sits at the end of the second row and acts on the same filter. */
export function LogFilters({ extra }: { extra?: ReactNode }) {
  const t = useT();
  const query = useLog((s) => s.query);
  const draft = useLog((s) => s.draft);
  const setDraft = useLog((s) => s.setDraft);

  useEffect(() => {
    if (useLog.getState().state === 'idle') void query(draftToFilter(useLog.getState().draft));
  }, [query]);

  useEffect(() => {
    const filter = draftToFilter(draft);
    if (sameFilter(filter, useLog.getState().filter)) return;
    const timer = setTimeout(() => void query(filter), TYPING_MS);
    return () => clearTimeout(timer);
  }, [draft, query]);

  const set = <K extends keyof FilterDraft>(key: K, value: FilterDraft[K]) => setDraft({ ...useLog.getState().draft, [key]: value });
  const id = (k: string) => `log-filter-${k}`;

  return (
    <form className="log-filters" role="search" aria-label={t('log.filters')} onSubmit={(e) => e.preventDefault()}>
      <div className="filter-row">
        <div className="field compact">
          <label htmlFor={id('device')}>{t('log.f.device')}</label>
          <input id={id('device')} value={draft.deviceId} onChange={(e) => set('deviceId', e.target.value)} spellCheck={false} size={22} />
        </div>
        <div className="field compact">
          <label htmlFor={id('method')}>{t('log.f.method')}</label>
          <input id={id('method')} list={id('methods')} value={draft.method} onChange={(e) => set('method', e.target.value)} spellCheck={false} size={12} />
          <datalist id={id('methods')}>
            {METHOD_SUGGESTIONS.map((m) => (
              <option key={m} value={m} />
            ))}
          </datalist>
        </div>
        <div className="field compact">
          <label htmlFor={id('status')}>{t('log.f.status')}</label>
          <select id={id('status')} value={draft.statusClass} onChange={(e) => set('statusClass', e.target.value as FilterDraft['statusClass'])}>
            <option value="">{t('log.f.any')}</option>
            {STATUS_CLASSES.map((c) => (
              <option key={c} value={c}>
                {c === 'request' ? t('log.f.requests') : t(`log.f.class${c[0]}` as MessageKey)}
              </option>
            ))}
          </select>
        </div>
        <div className="field compact">
          <label htmlFor={id('direction')}>{t('log.f.direction')}</label>
          <select id={id('direction')} value={draft.direction} onChange={(e) => set('direction', e.target.value as FilterDraft['direction'])}>
            <option value="">{t('log.f.both')}</option>
            <option value="in">{t('log.dir.in')}</option>
            <option value="out">{t('log.dir.out')}</option>
          </select>
        </div>
        <div className="field compact">
          <label htmlFor={id('text')}>{t('log.f.text')}</label>
          <input id={id('text')} value={draft.text} onChange={(e) => set('text', e.target.value)} size={14} />
        </div>
        <label className="check align-end" title={t('log.f.hideKeepalivesHint')}>
          <input type="checkbox" checked={draft.hideKeepalives} onChange={(e) => set('hideKeepalives', e.target.checked)} />
          {t('log.f.hideKeepalives')}
        </label>
      </div>
      <div className="filter-row">
        <div className="field compact">
          <label htmlFor={id('from')}>{t('log.f.from')}</label>
          <DateTimeInput id={id('from')} value={draft.from} onChange={(v) => set('from', v)} />
        </div>
        <div className="field compact">
          <label htmlFor={id('to')}>{t('log.f.to')}</label>
          <DateTimeInput id={id('to')} value={draft.to} onChange={(v) => set('to', v)} />
        </div>
        <button type="button" className="align-end" onClick={() => setDraft(EMPTY_DRAFT)} disabled={sameFilter(draftToFilter(draft), {})}>
          {t('log.f.clear')}
        </button>
        {extra && <div className="filter-extra">{extra}</div>}
      </div>
    </form>
  );
}
