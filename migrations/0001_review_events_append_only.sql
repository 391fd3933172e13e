-- The review log is evidence: refuse UPDATE and DELETE on it at the database level.
CREATE FUNCTION review_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'review_events is append-only';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER review_events_no_update_delete
  BEFORE UPDATE OR DELETE ON review_events
  FOR EACH ROW EXECUTE FUNCTION review_events_append_only();
