export interface PackIssue { file: string; line: number; reason: string }

/** A pack that must not be used; carries every problem found, each with file and line. */
export class PackError extends Error {
  constructor(readonly issues: PackIssue[]) {
    super(`pattern pack refused:\n${issues.map((i) => `  ${i.file}:${i.line}: ${i.reason}`).join('\n')}`);
  }
}
