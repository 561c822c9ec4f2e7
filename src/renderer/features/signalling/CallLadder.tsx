// "Show call": the ladder diagram of every message with one Call-ID, as an SVG picture plus the same as a table.
import { useEffect, useMemo, useState } from 'react';
import type { LogMessageDetail } from '../../../shared/contract';
import { api } from '../../api/client';
import { errorText } from '../../api/errors';
import { useT } from '../../i18n';
import { useFormat } from '../../i18n/format';
import { Dialog } from '../../ui/Dialog';
import { ProblemNote, Progress } from '../../ui/Notice';
import { layoutLadder, type Lane } from './ladder';

const LANE_GAP = 340;
const LEFT = 150;
const TOP = 72;
const STEP = 36;
const SIDE = 130;

/** near: the message the ladder was opened from (the server finds an old keepalive's transaction around it). */
export function CallLadderDialog({ callId, near, onClose, onOpenMessage }: { callId: string; near?: number; onClose(): void; onOpenMessage(id: number): void }) {
  const t = useT();
  const [messages, setMessages] = useState<LogMessageDetail[] | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let live = true;
    api.invoke('log.call', { callId, near }).then(
      (r) => live && setMessages(r),
      (err) => live && setError(err),
    );
    return () => {
      live = false;
    };
  }, [callId, near]);

  return (
    <Dialog
      title={t('ladder.title', { callId })}
      onClose={onClose}
      wide
      actions={
        <button type="button" onClick={onClose}>
          {t('common.close')}
        </button>
      }
    >
      {!messages && error == null && (
        <div className="progress-row">
          <Progress label={t('ladder.loading')} />
          <span>{t('ladder.loading')}</span>
        </div>
      )}
      {error != null && <ProblemNote testId="ladder-problem">{errorText(error, t)}</ProblemNote>}
      {messages && messages.length === 0 && <p className="muted">{t('ladder.none')}</p>}
      {messages && messages.length > 0 && <Ladder messages={messages} callId={callId} onOpenMessage={onOpenMessage} />}
    </Dialog>
  );
}

/** Short lane heading for the picture; the ID goes on its own line. */
function laneHeading(lane: Lane, t: ReturnType<typeof useT>): string {
  return lane.kind === 'server' ? t('ladder.server') : lane.deviceId ? t('ladder.deviceShort') : t('ladder.peer');
}

function laneTitle(lane: Lane, t: ReturnType<typeof useT>): string {
  return lane.kind === 'server' ? t('ladder.server') : lane.deviceId ? t('ladder.device', { id: lane.deviceId }) : t('ladder.peer');
}

function Ladder({ messages, callId, onOpenMessage }: { messages: LogMessageDetail[]; callId: string; onOpenMessage(id: number): void }) {
  const t = useT();
  const f = useFormat();
  const ladder = useMemo(() => layoutLadder(messages), [messages]);
  const width = LEFT + 40 + (ladder.lanes.length - 1) * LANE_GAP + SIDE;
  const height = TOP + ladder.steps.length * STEP + 16;
  const x = (lane: number) => LEFT + 40 + lane * LANE_GAP;
  const peers = ladder.lanes.filter((l) => l.kind === 'peer').map((l) => l.deviceId ?? l.address);
  const summary = t('ladder.summary', { n: ladder.steps.length, peers: peers.join(', '), callId });

  return (
    <div className="ladder">
      <div className="ladder-scroll">
        <svg role="img" aria-label={summary} width={width} height={height} viewBox={`0 0 ${width} ${height}`}>
          <defs>
            <marker id="ladder-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse">
              <path d="M0,0 L10,5 L0,10 z" className="ladder-head" />
            </marker>
          </defs>
          {ladder.lanes.map((lane, i) => (
            <g key={lane.key}>
              <text x={x(i)} y={16} textAnchor="middle" className="ladder-lane-title">
                {laneHeading(lane, t)}
              </text>
              {lane.deviceId && (
                <text x={x(i)} y={32} textAnchor="middle" className="ladder-lane-addr">
                  {lane.deviceId}
                </text>
              )}
              <text x={x(i)} y={lane.deviceId ? 46 : 32} textAnchor="middle" className="ladder-lane-addr">
                {lane.address}
              </text>
              <line x1={x(i)} y1={54} x2={x(i)} y2={height - 4} className="ladder-lane" />
            </g>
          ))}
          {ladder.steps.map((s, i) => {
            const y = TOP + i * STEP + 18;
            const x1 = x(s.from);
            const x2 = x(s.to);
            return (
              <g key={s.id} className={`ladder-step tone-${s.tone}`}>
                <text x={8} y={y + 4} className="ladder-time">
                  {f.timeMs(s.time)}
                </text>
                <text x={8} y={y + 16} className="ladder-offset">
                  +{s.offsetMs} ms
                </text>
                <line x1={x1} y1={y} x2={x2 + (x2 > x1 ? -2 : 2)} y2={y} markerEnd="url(#ladder-arrow)" className="ladder-arrow" />
                <text x={(x1 + x2) / 2} y={y - 6} textAnchor="middle" className="ladder-label">
                  {s.label}
                </text>
              </g>
            );
          })}
        </svg>
      </div>
      <table className="simple" aria-label={t('ladder.tableLabel')}>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">{t('log.col.time')}</th>
            <th scope="col" className="num">
              {t('ladder.offset')}
            </th>
            <th scope="col">{t('ladder.fromTo')}</th>
            <th scope="col">{t('log.col.method')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('channels.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {ladder.steps.map((s, i) => (
            <tr key={s.id}>
              <td>{i + 1}</td>
              <td className="mono">{f.timeMs(s.time)}</td>
              <td className="num">+{s.offsetMs} ms</td>
              <td>
                {laneTitle(ladder.lanes[s.from], t)} → {laneTitle(ladder.lanes[s.to], t)}
              </td>
              <td>{s.label}</td>
              <td>
                <button type="button" className="small" onClick={() => onOpenMessage(s.id)} aria-label={t('ladder.open', { n: i + 1, label: s.label })}>
                  {t('ladder.openShort')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
