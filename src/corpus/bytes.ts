/** Small helpers over byte streams (async iterables of chunks): the container readers and the record reader share them. */

/** The first bytes of a stream (at least `n`, unless it is shorter), and the whole stream again. */
export async function peek(stream: AsyncIterable<Uint8Array>, n: number): Promise<{ head: Uint8Array; rest: AsyncIterable<Uint8Array> }> {
  const it = stream[Symbol.asyncIterator]();
  const chunks: Uint8Array[] = [];
  let have = 0;
  let done = false;
  // An error of the source while peeking (an archive cut short) is held back until the bytes
  // before it have been read from `rest`, so what came before it is still used.
  let failure: { err: unknown } | null = null;
  while (have < n) {
    let r: IteratorResult<Uint8Array>;
    try {
      r = await it.next();
    } catch (err) {
      failure = { err };
      done = true;
      break;
    }
    if (r.done === true) {
      done = true;
      break;
    }
    if (r.value.byteLength === 0) continue;
    chunks.push(r.value);
    have += r.value.byteLength;
  }
  const head = chunks.length === 1 && chunks[0] ? chunks[0] : Buffer.concat(chunks);
  async function* rest(): AsyncGenerator<Uint8Array> {
    try {
      yield* chunks;
      chunks.length = 0;
      if (failure !== null) throw failure.err;
      if (done) return;
      for (;;) {
        const r = await it.next();
        if (r.done === true) return;
        yield r.value;
      }
    } finally {
      // Stopped early (a member skipped): let the source release what it holds.
      if (!done) await it.return?.();
    }
  }
  return { head, rest: rest() };
}

/** Reads a stream to its end, discarding the bytes; returns how many there were. */
export async function drain(stream: AsyncIterable<Uint8Array>): Promise<number> {
  let n = 0;
  for await (const chunk of stream) n += chunk.byteLength;
  return n;
}

/** Passes a stream through, adding each chunk's length to `counter.bytes`. */
export async function* counted(stream: AsyncIterable<Uint8Array>, counter: { bytes: number }): AsyncGenerator<Uint8Array> {
  for await (const chunk of stream) {
    counter.bytes += chunk.byteLength;
    yield chunk;
  }
}

/** Cuts chunks larger than `size` into pieces, so a decoder fed from them works in bounded steps. */
export async function* rechunk(stream: AsyncIterable<Uint8Array>, size: number): AsyncGenerator<Uint8Array> {
  for await (const chunk of stream) {
    for (let i = 0; i < chunk.byteLength; i += size) yield chunk.subarray(i, Math.min(chunk.byteLength, i + size));
  }
}
