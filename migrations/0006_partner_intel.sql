CREATE TABLE "audit_log" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_log_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"actor_id" uuid,
	"action" text NOT NULL,
	"target" text,
	"data" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "backtest_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"started_by" uuid,
	"pack_dir" text,
	"pack_version" text,
	"status" text DEFAULT 'running' NOT NULL,
	"summary" jsonb,
	"error" text,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "channel_risk" (
	"channel" text PRIMARY KEY NOT NULL,
	"score" real DEFAULT 0 NOT NULL,
	"confirmed_items" integer DEFAULT 0 NOT NULL,
	"dismissed_items" integer DEFAULT 0 NOT NULL,
	"forwards_from_confirmed" integer DEFAULT 0 NOT NULL,
	"links_to_confirmed" integer DEFAULT 0 NOT NULL,
	"shared_indicators" integer DEFAULT 0 NOT NULL,
	"details" jsonb,
	"elevated_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "items" ADD COLUMN "forwarded_from" text;--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "backtest_runs" ADD CONSTRAINT "backtest_runs_started_by_users_id_fk" FOREIGN KEY ("started_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_log_action_idx" ON "audit_log" USING btree ("action","id");--> statement-breakpoint
CREATE INDEX "channel_risk_score_idx" ON "channel_risk" USING btree ("score" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "items_channel_idx" ON "items" USING btree ("channel");--> statement-breakpoint
CREATE INDEX "items_forwarded_from_idx" ON "items" USING btree ("forwarded_from") WHERE "items"."forwarded_from" is not null;--> statement-breakpoint
CREATE INDEX "media_cluster_idx" ON "media" USING btree ("cluster");
--> statement-breakpoint
-- Exports and backtests are accountable acts: the audit log refuses UPDATE and DELETE like the review log.
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_log_no_update_delete
  BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
