import fs from 'node:fs';

/** CPU seconds of the PostgreSQL backends serving one database (their process title names it). */
export function backendCpuSeconds(dbName: string): number {
  let sum = 0;
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (!fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(dbName)) continue;
      const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      sum += (Number(fields[11]) + Number(fields[12])) / 100;
    } catch {
      // the process ended between listing and reading
    }
  }
  return sum;
}
