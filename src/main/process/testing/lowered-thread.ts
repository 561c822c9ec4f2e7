// Prints the nice value and scheduling policy of this process and of a worker thread after it yields to the SIP
// thread.
import os from 'node:os';
import { isMainThread, parentPort, Worker } from 'node:worker_threads';
import { ownSchedulingPolicy, yieldToSipThread } from '../thread-priority';
import { workerSource } from '../worker-source';

if (isMainThread) {
  const { source, evalCode } = workerSource(import.meta.url, 'lowered-thread.ts', 'lowered-thread.js');
  const worker = new Worker(source, { eval: evalCode });
  worker.once('message', (thread: { nice: number; policy: number | null }) => {
    console.log(JSON.stringify({ process: os.getPriority(0), processPolicy: ownSchedulingPolicy(), thread: thread.nice, threadPolicy: thread.policy }));
    void worker.terminate();
  });
} else {
  yieldToSipThread();
  parentPort!.postMessage({ nice: os.getPriority(0), policy: ownSchedulingPolicy() });
}
