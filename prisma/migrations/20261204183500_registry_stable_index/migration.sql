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

-- The endpoint build's read in one round trip (lib/server/registry/endpoints-discovery.ts): the stable index, then
-- (statements of a VOLATILE function each take a new snapshot, so after the lock) the instances named by the events
-- after `since`, or every instance when `since` is NULL. As JSON text: one row, one JSON.parse.
CREATE FUNCTION "registry_read"(since bigint) RETURNS text
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  idx bigint;
BEGIN
  idx := registry_stable_index();
  IF since IS NULL THEN
    RETURN json_build_object(
      'index', idx,
      'touched', NULL,
      'oldest', NULL,
      'rows', (SELECT coalesce(json_agg(json_build_array(id, service, address, port, weight, labels, health)), '[]'::json)
               FROM "registry_instances")
    )::text;
  END IF;
  RETURN (
    WITH touched AS (SELECT DISTINCT instance_id AS id FROM "registry_events" WHERE id > since)
    SELECT json_build_object(
      'index', idx,
      'oldest', (SELECT min(id) FROM "registry_events"),
      'touched', (SELECT coalesce(json_agg(id), '[]'::json) FROM touched),
      'rows', (SELECT coalesce(json_agg(json_build_array(i.id, i.service, i.address, i.port, i.weight, i.labels,
                                                         i.health)), '[]'::json)
               FROM "registry_instances" i JOIN touched t ON t.id = i.id)
    )::text
  );
END;
$$;
