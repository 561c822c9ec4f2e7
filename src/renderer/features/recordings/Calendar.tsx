// A month of days; days with recordings on the chosen camera are marked (one record.query for the month).
import { useEffect, useMemo } from 'react';
import { useLanguage } from '../../i18n';
import { addMonths, isoDay } from './calendar';
import { monthWeeks } from './calendar';
import { currentMarksKey, useRecordings } from './recordings-store';
import { useRecT } from './texts';

export function Calendar() {
  const t = useRecT();
  const language = useLanguage((s) => s.language);
  const { pick, month, day, marks, setMonth, setDay, loadMonth } = useRecordings();
  const key = useRecordings(currentMarksKey);
  const weeks = useMemo(() => monthWeeks(month), [month]);
  const today = isoDay(new Date());

  useEffect(() => {
    if (pick?.channelId && marks?.key !== key) void loadMonth();
  }, [pick, key, marks?.key, loadMonth]);

  const [y, m] = month.split('-').map(Number);
  const title = new Intl.DateTimeFormat(language, { year: 'numeric', month: 'long' }).format(new Date(y, m - 1, 1));
  const shown = marks?.key === key ? marks : null;
  return (
    <section className="rec-calendar" aria-label={t('rec.calendar')}>
      <div className="rec-month">
        <button type="button" className="small" aria-label={t('rec.prevMonth')} title={t('rec.prevMonth')} onClick={() => setMonth(addMonths(month, -1))}>
          ‹
        </button>
        <h3 aria-live="polite">{t('rec.monthTitle', { month: title })}</h3>
        <button type="button" className="small" aria-label={t('rec.nextMonth')} title={t('rec.nextMonth')} onClick={() => setMonth(addMonths(month, 1))}>
          ›
        </button>
      </div>
      <table className="rec-days">
        <thead>
          <tr>
            {t('rec.weekdays')
              .split(',')
              .map((w) => (
                <th key={w} scope="col">
                  {w}
                </th>
              ))}
          </tr>
        </thead>
        <tbody>
          {weeks.map((week, i) => (
            <tr key={i}>
              {week.map((d, j) => {
                if (!d) return <td key={j} />;
                const has = shown?.days.has(d) ?? false;
                return (
                  <td key={d}>
                    <button
                      type="button"
                      className={`rec-day${has ? ' has' : ''}${d === day ? ' chosen' : ''}${d === today ? ' today' : ''}`}
                      aria-label={has ? t('rec.dayHas', { day: d }) : t('rec.dayNone', { day: d })}
                      aria-pressed={d === day}
                      aria-current={d === today ? 'date' : undefined}
                      onClick={() => setDay(d)}
                    >
                      {Number(d.slice(8))}
                    </button>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted small rec-month-state" aria-live="polite">
        {shown?.loading ? t('rec.monthLoading') : shown && !shown.complete && !shown.error ? t('rec.monthPartial') : ''}
      </p>
    </section>
  );
}
