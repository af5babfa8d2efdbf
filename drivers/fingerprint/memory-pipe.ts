/**
 * Two in-process Duplex streams wired to each other: what one writes, the other reads.
 * Bytes are delivered on a later turn of the event loop, as from a real port. Destroying
 * either end closes both, the way pulling a cable would.
 */
import { Duplex } from 'node:stream';

export function createLinkedPair(): [Duplex, Duplex] {
  let left: Duplex;
  let right: Duplex;

  const end = (peer: () => Duplex): Duplex =>
    new Duplex({
      read() {
        // Data is pushed by the peer's write; nothing to pull.
      },
      write(chunk: Buffer, _encoding, callback) {
        const target = peer();
        setImmediate(() => {
          if (!target.destroyed) target.push(Buffer.from(chunk));
        });
        callback();
      },
      destroy(error, callback) {
        const target = peer();
        setImmediate(() => {
          if (!target.destroyed) target.destroy();
        });
        callback(error);
      },
    });

  left = end(() => right);
  right = end(() => left);
  return [left, right];
}
