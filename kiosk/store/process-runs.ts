/**
 * Whether a process with this id runs now, for lock and temp files that name their
 * writer. EPERM means it runs as another user. A PID alone can be reused after a reboot:
 * callers that must not be fooled by that check more (see the outbox lock).
 */
import { isErrno } from '../../drivers/core/errors.js';

export function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return isErrno(error, 'EPERM');
  }
}
