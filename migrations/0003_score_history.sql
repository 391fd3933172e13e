CREATE TABLE "score_history" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "score_history_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"item_id" uuid NOT NULL,
	"score" real NOT NULL,
	"flagged" boolean NOT NULL,
	"pack_version" text NOT NULL,
	"scored_at" timestamp with time zone NOT NULL,
	"replaced_at" timestamp with time zone DEFAULT now() NOT NULL,
	"row" jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "items" ADD COLUMN "purged_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "score_history" ADD CONSTRAINT "score_history_item_id_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "score_history_item_idx" ON "score_history" USING btree ("item_id","id");--> statement-breakpoint
-- A replaced score is kept, whatever code replaced it: the old row goes to score_history.
CREATE FUNCTION scores_keep_history() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO score_history (item_id, score, flagged, pack_version, scored_at, "row")
  VALUES (OLD.item_id, OLD.score, OLD.flagged, OLD.pack_version, OLD.scored_at, to_jsonb(OLD));
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER scores_history_on_update
  AFTER UPDATE ON scores
  FOR EACH ROW EXECUTE FUNCTION scores_keep_history();
