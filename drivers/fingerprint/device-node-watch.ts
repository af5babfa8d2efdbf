/**
 * Notices a serial device node that disappears while its port is open.
 *
 * serialport learns of a hang-up only from a failed read or write, and a read parked on
 * its poller can miss the hang-up of a pty (seen with socat killed): the loss then shows
 * only at the next write, after a command timeout. A USB adapter pulled out loses its
 * /dev node the same way. Checking that the path still resolves is one cheap stat.
 */
import { stat } from 'node:fs/promises';
import { isErrno } from '../core/errors.js';

/** Calls `onGone` once when `path` stops resolving; returns a function that stops watching. */
export function watchDeviceNode(path: string, intervalMs: number, onGone: () => void): () => void {
  let stopped = false;
  let checking = false;

  const timer = setInterval(() => {
    if (checking || stopped) return;
    checking = true;
    stat(path)
      .catch((error: unknown) => {
        if (stopped || !(isErrno(error, 'ENOENT') || isErrno(error, 'ENXIO'))) return;
        stopped = true;
        clearInterval(timer);
        onGone();
      })
      .finally(() => (checking = false));
  }, intervalMs);
  timer.unref();

  return () => {
    stopped = true;
    clearInterval(timer);
  };
}
