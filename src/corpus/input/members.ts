/**
 * Turns a container's flat sequence of events (a member starts, its bytes, it ends) into
 * members whose byte streams are pulled by the consumer: the container decodes only as fast as
 * the records are read, so memory stays bounded whatever the archive's size.
 */
import type { InputMember } from './types.ts';

/** One step of a container as it is decoded. */
export type MemberEvent = { kind: 'start'; name: string } | { kind: 'data'; bytes: Uint8Array } | { kind: 'end' };

/**
 * Members from events. Each member's stream yields its `data` events up to its `end` (or the
 * next `start`, or the end of the events); whatever the consumer leaves unread is skipped before
 * the next member is produced. Errors of the events come out of the member being read.
 */
export async function* membersFromEvents(events: AsyncIterable<MemberEvent>): AsyncGenerator<InputMember> {
  const it = events[Symbol.asyncIterator]();
  let lookahead: MemberEvent | null = null;
  let finished = false;
  const next = async (): Promise<MemberEvent | null> => {
    if (lookahead !== null) {
      const e = lookahead;
      lookahead = null;
      return e;
    }
    if (finished) return null;
    const r = await it.next();
    if (r.done === true) {
      finished = true;
      return null;
    }
    return r.value;
  };
  try {
    for (;;) {
      const e = await next();
      if (e === null) return;
      if (e.kind !== 'start') continue;
      const state = { open: true };
      /** The member's bytes; stops at its end, leaving a following `start` for the outer loop. */
      const body = async function* (): AsyncGenerator<Uint8Array> {
        while (state.open) {
          const d = await next();
          if (d === null || d.kind === 'end') state.open = false;
          else if (d.kind === 'start') {
            lookahead = d;
            state.open = false;
          } else yield d.bytes;
        }
      };
      yield { name: e.name, stream: body() };
      // The consumer stopped early (a skipped member): read past the rest of it.
      while (state.open) {
        const d = await next();
        if (d === null || d.kind === 'end') state.open = false;
        else if (d.kind === 'start') {
          lookahead = d;
          state.open = false;
        }
      }
    }
  } finally {
    if (!finished) await it.return?.();
  }
}
