/**
 * Runs a Node script in a child process for the benchmarks: its wall time, its peak
 * resident memory and the CPU time of all its threads (maxRSS and user + system
 * time, printed by a `--import` hook as it exits, so peerkit itself is unchanged) and
 * what it printed. The same measure for every side compared.
 */
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';

const PEAK_MEMORY_HOOK = `data:text/javascript,process.on('exit',()=>{const u=process.resourceUsage();process.stderr.write('PEAK_RSS_KB='+u.maxRSS+' CPU_US='+(u.userCPUTime+u.systemCPUTime)+'\\n')})`;

export interface Run {
  seconds: number;
  peakMb: number;
  /** The whole process's, every thread's (a program on two cores may take twice its wall time). */
  cpuSeconds: number;
  stdout: string;
}

/** `env`: variables set for the child, over this process's. */
export function runNode(script: string, args: string[], env: NodeJS.ProcessEnv = {}): Run {
  // Under an older Node, bin/peerkit.js runs peerkit in a child of its own, and the peak measured would be the launcher's.
  if (Number(process.versions.node.split('.')[0]) < 22) throw new Error(`the benchmarks need Node 22 or newer (this is ${process.version}): run them with "npm run bench"`);
  const started = performance.now();
  const child = spawnSync(process.execPath, ['--import', PEAK_MEMORY_HOOK, script, ...args], { encoding: 'utf8', maxBuffer: 1 << 26, env: { ...process.env, ...env } });
  const seconds = (performance.now() - started) / 1000;
  if (child.status !== 0) throw new Error(`${script} ${args.join(' ')} failed:\n${child.stderr}`);
  // Worker threads inherit the hook and may print as they end; the process's own figures are the largest.
  const printed = [...child.stderr.matchAll(/PEAK_RSS_KB=(\d+) CPU_US=(\d+)/g)];
  const largest = (i: number) => (printed.length > 0 ? Math.max(...printed.map((m) => Number(m[i]))) : NaN);
  return { seconds, peakMb: largest(1) / 1024, cpuSeconds: largest(2) / 1e6, stdout: child.stdout };
}

/** The fastest of several runs. */
export const fastest = (runs: readonly Run[]): Run => runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
