// Prints the nice value of this process and of a worker thread after it yields to the SIP thread.
import os from 'node:os';
import { isMainThread, parentPort, Worker } from 'node:worker_threads';
import { yieldToSipThread } from '../thread-priority';
import { workerSource } from '../worker-source';

if (isMainThread) {
  const { source, evalCode } = workerSource(import.meta.url, 'lowered-thread.ts', 'lowered-thread.js');
  const worker = new Worker(source, { eval: evalCode });
  worker.once('message', (thread: number) => {
    console.log(JSON.stringify({ process: os.getPriority(0), thread }));
    void worker.terminate();
  });
} else {
  yieldToSipThread();
  parentPort!.postMessage(os.getPriority(0));
}
