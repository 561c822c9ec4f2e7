// One message in full: headers and body, XML pretty-printed, SDP field by field.
import { useEffect, useState } from 'react';
import type { LogMessageDetail } from '../../../shared/contract';
import { api } from '../../api/client';
import { errorText } from '../../api/errors';
import { useT } from '../../i18n';
import { useFormat } from '../../i18n/format';
import { CopyButton } from '../../ui/CopyButton';
import { ProblemNote } from '../../ui/Notice';
import { methodOrStatus } from './describe-message';
import { useLog } from './log-store';

/** Start line and headers: the text up to the blank line. */
function headPart(text: string): string {
  const end = text.search(/\r?\n\r?\n/);
  return end < 0 ? text : text.slice(0, end);
}

export function MessageDetail({ id, onShowCall }: { id: number; onShowCall(callId: string): void }) {
  const t = useT();
  const f = useFormat();
  const select = useLog((s) => s.select);
  const [detail, setDetail] = useState<LogMessageDetail | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let live = true;
    setDetail(null);
    setError(null);
    api.invoke('log.get', { id }).then(
      (d) => live && setDetail(d),
      (err) => live && setError(err),
    );
    return () => {
      live = false;
    };
  }, [id]);

  return (
    <section className="message-detail" aria-labelledby="message-heading">
      <header className="detail-bar">
        <h2 id="message-heading">
          {detail
            ? `${t(detail.direction === 'in' ? 'log.dir.in' : 'log.dir.out')} ${methodOrStatus(detail)}${detail.cmdType ? ` · ${detail.cmdType}` : ''}`
            : t('log.detail')}
        </h2>
        {detail?.callId && (
          <button type="button" onClick={() => onShowCall(detail.callId!)}>
            {t('log.showCall')}
          </button>
        )}
        {detail && <CopyButton value={detail.text} label={t('log.copyText')} />}
        <button type="button" onClick={() => select(null)} aria-label={t('log.closeDetail')}>
          ✕
        </button>
      </header>
      {error != null && <ProblemNote testId="message-problem">{errorText(error, t)}</ProblemNote>}
      {detail && (
        <div className="detail-body">
          <dl className="facts inline">
            <div className="fact">
              <dt>{t('log.col.time')}</dt>
              <dd>{f.dateTimeMs(detail.time)}</dd>
            </div>
            <div className="fact">
              <dt>{t('log.d.path')}</dt>
              <dd className="mono">
                {detail.direction === 'in' ? `${detail.peerAddress} → ${detail.localAddress}` : `${detail.localAddress} → ${detail.peerAddress}`} ({detail.transport})
              </dd>
            </div>
            <div className="fact">
              <dt>{t('log.col.callId')}</dt>
              <dd className="mono">{detail.callId ?? '—'}</dd>
            </div>
            <div className="fact">
              <dt>CSeq</dt>
              <dd className="mono">{detail.cseq ?? '—'}</dd>
            </div>
            {detail.sn && (
              <div className="fact">
                <dt>SN</dt>
                <dd className="mono">{detail.sn}</dd>
              </div>
            )}
            <div className="fact">
              <dt>{t('log.col.size')}</dt>
              <dd>{f.bytes(detail.size)}</dd>
            </div>
          </dl>
          <h3>{detail.body.kind === 'none' ? t('log.d.fullText') : t('log.d.headers')}</h3>
          <pre className="raw" aria-label={t('log.d.headers')}>
            {detail.body.kind === 'none' ? detail.text : headPart(detail.text)}
          </pre>
          {detail.body.kind === 'xml' && (
            <>
              <h3>{t('log.d.xml', { charset: detail.body.charset })}</h3>
              <pre className="raw xml" aria-label={t('log.d.body')}>
                {detail.body.pretty}
              </pre>
            </>
          )}
          {detail.body.kind === 'sdp' && (
            <>
              <h3 id="sdp-heading">{t('log.d.sdp')}</h3>
              <table className="simple sdp" aria-labelledby="sdp-heading">
                <thead>
                  <tr>
                    <th scope="col">{t('log.d.field')}</th>
                    <th scope="col">{t('log.d.value')}</th>
                  </tr>
                </thead>
                <tbody>
                  {detail.body.fields.map((fl, i) => (
                    <tr key={i}>
                      <td className="mono">{fl.type}=</td>
                      <td className="mono">{fl.value}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
          {detail.body.kind === 'text' && (
            <>
              <h3>{t('log.d.body')}</h3>
              <pre className="raw" aria-label={t('log.d.body')}>
                {detail.body.text}
              </pre>
            </>
          )}
        </div>
      )}
    </section>
  );
}
