/** A failure that retrying cannot fix (missing item, invalid payload): the worker maps it to UnrecoverableError. */
export class PermanentError extends Error {}
