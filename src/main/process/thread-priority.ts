// Signalling first: a writer thread that calls this yields to the SIP thread when the cores are busy. Linux keeps a
// scheduling policy and a nice value per thread, so only the calling thread is lowered; elsewhere either would
// lower the whole process, so nothing is changed there.
// The thread takes the SCHED_IDLE policy: the kernel wakes the SIP thread on a core that runs only such threads and
// preempts them at once, where a nice value only shrinks the writer's share (in a storm a writer 10 steps down
// still took a third of a core while the SIP thread waited for one). The nice step stays for where the policy
// cannot be set (no chrt): relative, so a server started under nice(1) keeps the same distance to its writers.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
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
  try {
    execFileSync('chrt', ['--idle', '--pid', '0', ownThreadId()], { stdio: 'ignore', timeout: 5_000 });
  } catch {
    // no chrt, or not permitted: the nice step alone
  }
}

/** This thread's kernel ID (/proc/thread-self links to /proc/<pid>/task/<tid>). */
function ownThreadId(): string {
  return fs.readlinkSync('/proc/thread-self').split('/').pop()!;
}
