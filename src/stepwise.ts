/**
 * Work on large buffers (base64, AES and HMAC over a 100 MB payload), written
 * once as a generator that yields between slices. `finishNow` runs it to the
 * end at once; `finishInTurns` hands the event loop back whenever it has held
 * it for a few milliseconds, so that a large payload never holds up the cheap
 * requests around it (a 256 MiB /encrypt held it for six seconds otherwise).
 */

/** Work that yields (nothing) between steps and returns T. */
export type Stepwise<T> = Generator<void, T, void>;

/** Bytes per step over a large buffer: slicing costs nothing, and a step takes about a millisecond. */
export const SLICE_BYTES = 1024 * 1024;

/** How long work may hold the event loop before it lets other callbacks run. */
const TURN_MS = 4;

export function finishNow<T>(work: Stepwise<T>): T {
  for (;;) {
    const step = work.next();
    if (step.done) return step.value;
  }
}

export async function finishInTurns<T>(work: Stepwise<T>): Promise<T> {
  let turnStarted = performance.now();
  for (;;) {
    const step = work.next();
    if (step.done) return step.value;
    if (performance.now() - turnStarted < TURN_MS) continue;
    await new Promise((resolve) => setImmediate(resolve));
    turnStarted = performance.now();
  }
}
