-- Hand-written (functions are not in the Prisma schema; the schema engine keeps them when diffing).
--
-- The registry index (Consul's X-Consul-Index, the proxies' endpoint builds) is the registry event id. Event ids
-- come from a sequence at INSERT, but transactions commit in any order: a reader that saw event 11 committed could
-- still see event 10 commit later, and a blocking query waiting for "index > 11" would never learn of it (a missed
-- wake-up). These two functions make the index a *stable* one: every event id at or below it is resolved
-- (committed, or rolled back) when it is handed out.
--
-- Writers take a shared transaction-level advisory lock before their event gets its id (registry_writer_lock(),
-- called in the INSERT's WHERE, which is evaluated before the row's default nextval) and keep it to their commit;
-- writers never wait for each other. A reader takes the same lock exclusively (registry_stable_index()): it waits
-- for the writers in flight, and while it holds the lock every id handed out so far is resolved, so the sequence's
-- last value is a safe index. Its lock is held for one statement (the caller runs it on its own), and writers queue
-- behind a waiting reader only for that long.

CREATE FUNCTION "registry_writer_lock"() RETURNS boolean
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  PERFORM pg_advisory_xact_lock_shared(7305671401);
  RETURN true;
END;
$$;

CREATE FUNCTION "registry_stable_index"() RETURNS bigint
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  v bigint;
  called boolean;
BEGIN
  PERFORM pg_advisory_xact_lock(7305671401);
  SELECT last_value, is_called INTO v, called FROM "registry_events_id_seq";
  RETURN CASE WHEN called THEN v ELSE 0 END;
END;
$$;
