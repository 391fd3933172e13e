/** A one-line progress bar on a terminal's stderr; silent when stderr is not a terminal (piped, CI). */
export function progressBar(total: number, stream: NodeJS.WriteStream = process.stderr) {
  const enabled = Boolean(stream.isTTY) && total > 0;
  let done = 0;
  const draw = (label: string) => {
    if (!enabled) return;
    const width = 30;
    const filled = Math.round((done / total) * width);
    const name = label.length > 40 ? `…${label.slice(-39)}` : label;
    stream.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${name}`.padEnd(90));
  };
  return {
    tick(label: string) {
      done++;
      draw(label);
    },
    finish() {
      if (enabled) stream.write('\r' + ' '.repeat(90) + '\r');
    },
  };
}

/** A progress bar for work counted elsewhere (a job's progress): redrawn at each reported count. */
export function countBar(stream: NodeJS.WriteStream = process.stderr) {
  const enabled = Boolean(stream.isTTY);
  return {
    set(done: number, total: number, label = '') {
      if (!enabled || total <= 0) return;
      const width = 30;
      const filled = Math.min(width, Math.round((done / total) * width));
      stream.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${label}`.padEnd(90));
    },
    finish() {
      if (enabled) stream.write('\r' + ' '.repeat(90) + '\r');
    },
  };
}
