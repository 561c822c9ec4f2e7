// Prints the nice value and scheduling policy of this process and of a worker thread after it yields to the SIP
// thread.
import fs from 'node:fs';
import os from 'node:os';
import { isMainThread, parentPort, Worker } from 'node:worker_threads';
import { yieldToSipThread } from '../thread-priority';
import { workerSource } from '../worker-source';

if (isMainThread) {
  const { source, evalCode } = workerSource(import.meta.url, 'lowered-thread.ts', 'lowered-thread.js');
  const worker = new Worker(source, { eval: evalCode });
  worker.once('message', (thread: { nice: number; policy: number }) => {
    console.log(JSON.stringify({ process: os.getPriority(0), processPolicy: ownSchedulingPolicy(), thread: thread.nice, threadPolicy: thread.policy }));
    void worker.terminate();
  });
} else {
  yieldToSipThread();
  parentPort!.postMessage({ nice: os.getPriority(0), policy: ownSchedulingPolicy() });
}

/** The calling thread's scheduling policy as /proc reports it (0 normal, 5 idle). */
function ownSchedulingPolicy(): number {
  const fields = fs.readFileSync('/proc/thread-self/stat', 'utf8').split(') ').pop()!.split(' ');
  // stat's 41st field (policy); after the ") " that closes comm the fields start at the 3rd
  return Number(fields[41 - 3]);
}
