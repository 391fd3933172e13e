import { and, desc, eq, lt } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { auditLog, users } from '../db/schema/index.ts';

/** Who asked for an export: a signed-in user, or the CLI run by whoever holds the machine (audit_log.actor_id null). */
export type ExportActor = { userId: string } | { via: 'cli'; osUser: string };

export interface ExportAuditData {
  format: string;
  campaign: string | null;
  tlp: string | null;
  from: string | null;
  to: string | null;
  items: number;
  indicators: number;
  /** 'done', or 'failed' (with error) or 'aborted' (the client went away): a partial export is logged too */
  outcome: 'done' | 'failed' | 'aborted';
  error?: string;
}

export async function logExport(db: DbOrTx, actor: ExportActor, target: string, data: ExportAuditData): Promise<void> {
  await db.insert(auditLog).values({
    actorId: 'userId' in actor ? actor.userId : null,
    action: 'export',
    target,
    data: { ...data, via: 'userId' in actor ? 'api' : 'cli', ...('osUser' in actor && { osUser: actor.osUser }) },
  });
}

export interface ExportLogRow { id: number; actor: string | null; target: string | null; data: Record<string, unknown> | null; createdAt: Date }

/** The latest exports, newest first, for the admin page. */
export async function recentExports(db: DbOrTx, limit = 50, before?: number): Promise<ExportLogRow[]> {
  return db
    .select({ id: auditLog.id, actor: users.name, target: auditLog.target, data: auditLog.data, createdAt: auditLog.createdAt })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(before ? and(eq(auditLog.action, 'export'), lt(auditLog.id, before)) : eq(auditLog.action, 'export'))
    .orderBy(desc(auditLog.id))
    .limit(limit);
}
