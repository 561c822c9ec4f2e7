// Signalling first: a writer thread that calls this yields to the SIP thread when the cores are busy. Linux sets
// a nice value per thread, so only the calling thread is lowered; elsewhere it would lower the whole process, so
// nothing is changed there. The step is relative: a server started under nice(1) keeps the same distance between
// its SIP thread and its writers as one started without.
import os from 'node:os';

/** Nice steps below the process: about a tenth of the SIP thread's share of a busy core (CFS weights). */
const STEPS_BELOW = 10;
const LOWEST = 19;

export function yieldToSipThread(): void {
  if (process.platform !== 'linux') return;
  try {
    os.setPriority(0, Math.min(LOWEST, os.getPriority(0) + STEPS_BELOW));
  } catch {
    // not permitted: run at normal priority
  }
}
