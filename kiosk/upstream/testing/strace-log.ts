/**
 * Test helper: reads an `strace -f -o` log into completed syscalls in completion order,
 * joining `<unfinished ...>` and `<... resumed>` halves written by different threads.
 */
export interface Syscall {
  pid: string;
  name: string;
  args: string;
  result: string;
}

const WHOLE = /^(\d+)\s+(\w+)\((.*)\)\s+=\s+(.*)$/;
const UNFINISHED = /^(\d+)\s+(\w+)\((.*)\s+<unfinished \.\.\.>$/;
const RESUMED = /^(\d+)\s+<\.\.\. (\w+) resumed>(.*)\)\s+=\s+(.*)$/;

export function parseStrace(text: string): Syscall[] {
  const calls: Syscall[] = [];
  const open = new Map<string, { name: string; args: string }>();

  for (const line of text.split('\n')) {
    const unfinished = UNFINISHED.exec(line);
    if (unfinished) {
      open.set(unfinished[1]!, { name: unfinished[2]!, args: unfinished[3]! });
      continue;
    }
    const resumed = RESUMED.exec(line);
    if (resumed) {
      const start = open.get(resumed[1]!);
      open.delete(resumed[1]!);
      const args = (start?.args ?? '') + resumed[3]!;
      calls.push({ pid: resumed[1]!, name: resumed[2]!, args, result: resumed[4]!.trim() });
      continue;
    }
    const whole = WHOLE.exec(line);
    if (whole) {
      calls.push({ pid: whole[1]!, name: whole[2]!, args: whole[3]!, result: whole[4]!.trim() });
    }
  }
  return calls;
}

/** Index of the first call at or after `from` that matches, or -1. */
export function findCall(
  calls: Syscall[],
  from: number,
  match: (call: Syscall) => boolean,
): number {
  for (let index = Math.max(0, from); index < calls.length; index += 1) {
    if (match(calls[index]!)) return index;
  }
  return -1;
}

export function firstArg(call: Syscall): string {
  return call.args.split(',')[0]!.trim();
}
