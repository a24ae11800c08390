import { readdirSync, readFileSync } from 'node:fs';

/** A `kB` field of /proc/<pid>/status (`VmRSS`, `VmHWM`), in bytes. */
function statusField(pid: number, field: string): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1];
  if (!kb) throw new Error(`no ${field} for process ${pid}`);
  return Number(kb) * 1024;
}

/** The resident set as the kernel reports it now (`VmRSS`), bytes. */
export const osRss = (pid: number): number => statusField(pid, 'VmRSS');

/** The largest resident set the process has had (`VmHWM`), bytes. */
export const peakRss = (pid: number): number => statusField(pid, 'VmHWM');

/** `pid` and every process below it. */
function processTree(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // `pid (comm) state ppid …`; comm may hold spaces and parentheses, so read after the last ')'.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // The process ended meanwhile.
    }
  }
  const tree: number[] = [];
  const visit = (p: number) => {
    tree.push(p);
    for (const child of children.get(p) ?? []) visit(child);
  };
  visit(pid);
  return tree;
}

/**
 * The memory a group of processes costs together, bytes: the sum of their proportional set sizes
 * (`Pss` in /proc/<pid>/smaps_rollup), which counts a shared page once across them. Right for
 * PostgreSQL, whose backends share its buffers: their RSS added up would count those many times.
 */
export function treePss(pid: number): number {
  let total = 0;
  for (const p of processTree(pid)) {
    try {
      const kb = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${p}/smaps_rollup`, 'utf8'))?.[1];
      total += Number(kb ?? 0) * 1024;
    } catch {
      // The process ended meanwhile.
    }
  }
  return total;
}
