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
