// Signalling first: a writer thread that calls this yields to the SIP thread when the cores are busy. Linux sets
// a nice value per thread, so only the calling thread is lowered; elsewhere it would lower the whole process, so
// nothing is changed there.
import os from 'node:os';

export function yieldToSipThread(): void {
  if (process.platform !== 'linux') return;
  try {
    os.setPriority(0, 10);
  } catch {
    // not permitted: run at normal priority
  }
}
