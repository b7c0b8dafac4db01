/** A progress bar for long batches, drawn only when a person is watching a terminal. */
import type { Output } from './command.js';

interface Progress {
  tick(): void;
  done(): void;
}

export function progress(io: Output, label: string, total: number, write: (text: string) => void = (t) => process.stderr.write(t)): Progress {
  if (!io.interactive || total < 2) return { tick() {}, done() {} };
  let count = 0;
  const width = 30;
  const draw = () => {
    const filled = Math.round((count / total) * width);
    write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${count}/${total}`);
  };
  draw();
  return {
    tick() {
      count++;
      draw();
    },
    done() {
      write('\n');
    },
  };
}

/** A one-line note of what a long step is doing, for a person at a terminal only. */
export function step(io: Output, text: string): void {
  if (io.interactive) io.note(text);
}
