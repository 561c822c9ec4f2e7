// The standalone simulator with its command line open (SIM_COMMANDS=1), pointed at a running console: a test
// types "alarm", "outage 5"... as an installer would at the terminal, and waits for the simulator's answer line.
// The process itself is driven by src/device-sim/testing/sim-process.ts, as in the unit tests.
import { startSimProcess, type SimProcess } from '../../src/device-sim/testing/sim-process';
import { callApi } from './api';
import type { RunningConsole } from './serve';

export type CommandedSim = SimProcess;

export async function startCommandedSim(server: RunningConsole, args: string[]): Promise<CommandedSim> {
  const { values } = await callApi(server.url, 'settings.get', { reveal: true });
  return startSimProcess(['--server', `127.0.0.1:${server.sipPort}`, '--password', values.password, ...args]);
}
