// The Signalling tab: filters, export, the live log table and the selected message with its call ladder.
import { useEffect, useState } from 'react';
import { ExportButtons } from './ExportButtons';
import { LogFilters } from './LogFilters';
import { LogTable } from './LogTable';
import { LogWriteState } from './LogWriteState';
import { CallLadderDialog } from './CallLadder';
import { MessageDetail } from './MessageDetail';
import { useNav } from '../../app/nav-store';
import { followLiveLog, useLog } from './log-store';

export function SignallingTab() {
  const selectedId = useLog((s) => s.selectedId);
  const select = useLog((s) => s.select);
  const [call, setCall] = useState<{ callId: string; near: number } | null>(null);
  // The panel stays mounted while another tab is shown; the live log only flows while this one is.
  const shown = useNav((s) => s.tab === 'signalling');
  useEffect(() => (shown ? followLiveLog() : undefined), [shown]);
  return (
    <div className="signalling-tab">
      <LogFilters extra={<ExportButtons />} />
      <LogWriteState />
      <div className={selectedId != null ? 'log-split with-detail' : 'log-split'}>
        <LogTable />
        {selectedId != null && <MessageDetail id={selectedId} onShowCall={(callId) => setCall({ callId, near: selectedId })} />}
      </div>
      {call && (
        <CallLadderDialog
          callId={call.callId}
          near={call.near}
          onClose={() => setCall(null)}
          onOpenMessage={(id) => {
            setCall(null);
            select(id);
          }}
        />
      )}
    </div>
  );
}
