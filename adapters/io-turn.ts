/**
 * Taking turns with the network. An answer is synchronous work (the grammar, SQLite, FTS
 * search, rendering: up to tens of milliseconds on the full release); a request that has just
 * arrived only needs its acknowledgement sent, within Slack's 3 s. If every acknowledged
 * request went on with its answer at once, fifty of them arriving together would run their
 * answers back to back while the fifty-first waited unacknowledged behind them (measured:
 * up to 15 of 1,000 `/cable` over 3 s in `npm run load`).
 *
 * {@link nextIoTurn} queues the caller and lets one caller go per turn of the event loop, so
 * between two answers Node polls the network and acknowledges what has arrived.
 */

const waiting: (() => void)[] = [];
let scheduled = false;

function release(): void {
  scheduled = false;
  waiting.shift()?.();
  // Scheduled from inside the check phase, the next release runs on the loop's next turn,
  // after its poll phase has read and acknowledged the requests that arrived meanwhile.
  if (waiting.length > 0) schedule();
}

function schedule(): void {
  scheduled = true;
  setImmediate(release);
}

/** Resolves on a later turn of the event loop, one waiting caller per turn, in order. */
export function nextIoTurn(): Promise<void> {
  return new Promise((resolve) => {
    waiting.push(resolve);
    if (!scheduled) schedule();
  });
}
