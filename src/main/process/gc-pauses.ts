// The garbage collection pauses of the calling thread since it started watching, by kind: the time SIP and the API
// wait while V8 collects. A storm's scavenges took about a quarter of the main thread (core/heap-growth.ts), and
// they count what a change allocates better than timing does on a shared machine.
import { constants, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import type { GcPauses } from '../../shared/contract';

const MINOR = constants.NODE_PERFORMANCE_GC_MINOR;
const MAJOR = constants.NODE_PERFORMANCE_GC_MAJOR;
const INCREMENTAL = constants.NODE_PERFORMANCE_GC_INCREMENTAL;

function kindOf(e: PerformanceEntry): number | undefined {
  return (e as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind;
}

export class GcPauseMeter {
  private readonly totals: GcPauses = { scavenges: 0, scavengeMs: 0, majors: 0, majorMs: 0 };
  private readonly observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) this.add(kindOf(e), e.duration);
  });

  constructor() {
    this.observer.observe({ entryTypes: ['gc'] });
  }

  /** The totals so far (entries V8 has not handed over yet, a task after their pause, are not in them). */
  read(): GcPauses {
    return { ...this.totals, scavengeMs: Math.round(this.totals.scavengeMs), majorMs: Math.round(this.totals.majorMs) };
  }

  stop(): void {
    this.observer.disconnect();
  }

  private add(kind: number | undefined, ms: number): void {
    if (kind === MINOR) {
      this.totals.scavenges++;
      this.totals.scavengeMs += ms;
    } else if (kind === MAJOR) {
      this.totals.majors++;
      this.totals.majorMs += ms;
    } else if (kind === INCREMENTAL) {
      this.totals.majorMs += ms;
    }
  }
}
