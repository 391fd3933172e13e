/** A mistake in how the command was called or in its input: printed as one line, exit code 2. */
export class UsageError extends Error {}
