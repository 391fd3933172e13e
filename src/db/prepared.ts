import { PgDialect } from 'drizzle-orm/pg-core';
import type { SQL } from 'drizzle-orm';
import { rowsOf, type DbOrTx } from './client.ts';

const dialect = new PgDialect();

/**
 * Runs a statement whose text never changes (its data rides in parameters, e.g. one JSON array for
 * many rows) as a named prepared statement. `db.execute` never prepares: PostgreSQL then parses and
 * plans the statement anew on every call, and the driver waits for a Describe before it can bind.
 * Prepared, each connection parses it once and soon keeps one plan for it.
 * `name` only labels it: the driver keys prepared statements by their text.
 */
export async function executePrepared<T>(db: DbOrTx, name: string, query: SQL): Promise<T[]> {
  const prepared = db._.session.prepareQuery(dialect.sqlToQuery(query), undefined, name, false);
  return rowsOf<T>(await prepared.execute());
}

/**
 * A string as it may ride in a statement's JSON parameter: a lone surrogate becomes U+FFFD, as a bound
 * string's would, since PostgreSQL refuses one escaped in JSON, and one bad post must not fail its batch.
 */
export const wellFormed = (s: string) => (s.isWellFormed() ? s : s.toWellFormed());
