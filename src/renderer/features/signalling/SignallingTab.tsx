// The Signalling tab: filters, export, the live log table and the selected message with its call ladder.
import { useEffect, useState } from 'react';
import { ExportButtons } from './ExportButtons';
import { LogFilters } from './LogFilters';
import { LogTable } from './LogTable';
import { CallLadderDialog } from './CallLadder';
import { MessageDetail } from './MessageDetail';
import { useNav } from '../../app/nav-store';
import { followLiveLog, useLog } from './log-store';

export function SignallingTab() {
  const selectedId = useLog((s) => s.selectedId);
  const select = useLog((s) => s.select);
  const [callId, setCallId] = useState<string | null>(null);
  // The panel stays mounted while another tab is shown; the live log only flows while this one is.
  const shown = useNav((s) => s.tab === 'signalling');
  useEffect(() => (shown ? followLiveLog() : undefined), [shown]);
  return (
    <div className="signalling-tab">
      <LogFilters extra={<ExportButtons />} />
      <div className={selectedId != null ? 'log-split with-detail' : 'log-split'}>
        <LogTable />
        {selectedId != null && <MessageDetail id={selectedId} onShowCall={setCallId} />}
      </div>
      {callId && (
        <CallLadderDialog
          callId={callId}
          onClose={() => setCallId(null)}
          onOpenMessage={(id) => {
            setCallId(null);
            select(id);
          }}
        />
      )}
    </div>
  );
}
