// The V8 heap of the thread that calls: its growth between full collections (a process-wide flag) and one full,
// compacting collection (of this thread's isolate only). Used by the core's heap-growth governor on the main
// thread and, at its request, by the writer threads in their own isolates.
import v8 from 'node:v8';
import vm from 'node:vm';

export interface HeapControl {
  /** 0 lets V8 choose. */
  setGrowingPercent(percent: number): void;
  /** A full collection now. */
  collect(): void;
  /** This thread's young generation (both semi-spaces, bytes). */
  youngGenerationSize(): number;
  /** Whether V8 may double a young generation when enough of it survives (a process-wide flag). */
  setYoungGrowth(grow: boolean): void;
}

let gc: (() => void) | null = null;

export const v8Heap: HeapControl = {
  setGrowingPercent: (percent) => v8.setFlagsFromString(`--heap-growing-percent=${percent}`),
  collect() {
    if (!gc) {
      // Only a new context gets the function the flag exposes; the thread's own global stays as it was.
      v8.setFlagsFromString('--expose-gc');
      gc = vm.runInNewContext('gc') as () => void;
    }
    // A full collection moves objects out of sparse pages only when they are very sparse: after a storm the heap
    // kept 3-4 times what was live. Compacting every page this once gives the free pages back.
    v8.setFlagsFromString('--compact-on-every-full-gc');
    try {
      gc();
    } finally {
      v8.setFlagsFromString('--no-compact-on-every-full-gc');
    }
  },
  youngGenerationSize: () => v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_size ?? 0,
  setYoungGrowth: (grow) => v8.setFlagsFromString(`--semi-space-growth-factor=${grow ? 2 : 1}`),
};

/** A thread's heap around one compacting collection (bytes). */
export interface HeapCollected {
  totalBefore: number;
  totalAfter: number;
  usedAfter: number;
}

/** One compacting collection of this thread's heap, measured. */
export function collectMeasured(heap: HeapControl = v8Heap): HeapCollected {
  const totalBefore = v8.getHeapStatistics().total_heap_size;
  heap.collect();
  const after = v8.getHeapStatistics();
  return { totalBefore, totalAfter: after.total_heap_size, usedAfter: after.used_heap_size };
}
