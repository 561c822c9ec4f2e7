// A fleet starting thousands of registrations at once would send them all in one turn of its event loop and read
// none of the answers meanwhile: at 2,000 that turn took 0.9 s, so the devices' Timer E fired on 401s waiting
// unread in their own sockets and re-sent thousands of REGISTERs that had been answered. Real devices each have
// their own CPU; the simulator shares one, so it lets the event loop read between bursts of starts.
import { setImmediate as nextTurn } from 'node:timers/promises';

/** Resolves at once for the first `perTurn` calls in a turn of the event loop, later ones on a following turn. */
export function turnPacer(perTurn: number): () => Promise<void> {
  let used = 0;
  let turn: Promise<void> | undefined;
  return async () => {
    while (used >= perTurn) {
      turn ??= nextTurn().then(() => {
        used = 0;
        turn = undefined;
      });
      await turn;
    }
    used++;
  };
}
