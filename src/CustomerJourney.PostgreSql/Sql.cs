namespace CustomerJourney.PostgreSql;

/// <summary>
/// The store's SQL for one schema. The schema name has been validated against <c>^[a-z_][a-z0-9_]{0,62}$</c> and is
/// always written as a quoted identifier; every value travels as a parameter.
/// </summary>
internal sealed class Sql
{
    public const string EventColumns = "event_id, touchpoint, occurred_at_ticks, offset_minutes, channel, value, segment, properties";

    public Sql(string schema)
    {
        var s = "\"" + PostgreSqlJourneyStoreOptions.ValidateSchema(schema) + "\"";
        Schema = s;
        CreateSchema = $"""
            CREATE SCHEMA IF NOT EXISTS {s};
            CREATE TABLE IF NOT EXISTS {s}.schema_version (
                version integer PRIMARY KEY,
                description text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now());
            """;
        CurrentVersion = $"SELECT coalesce(max(version), 0) FROM {s}.schema_version";
        RecordVersion = $"INSERT INTO {s}.schema_version (version, description) VALUES (@version, @description)";
        Migrations =
        [
            ("journeys and events", $"""
                CREATE TABLE {s}.journeys (
                    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    definition text COLLATE "C" NOT NULL,
                    customer text COLLATE "C" NOT NULL,
                    version bigint NOT NULL CHECK (version >= 0),
                    UNIQUE (definition, customer));
                CREATE INDEX journeys_customer ON {s}.journeys (customer);
                CREATE TABLE {s}.events (
                    journey_id bigint NOT NULL,
                    seq bigint NOT NULL,
                    event_id text COLLATE "C" NOT NULL,
                    touchpoint text NOT NULL,
                    occurred_at_ticks bigint NOT NULL,
                    offset_minutes smallint NOT NULL,
                    channel text,
                    value numeric,
                    segment text,
                    properties jsonb,
                    PRIMARY KEY (journey_id, seq),
                    UNIQUE (journey_id, event_id));
                """),
            ("events log position", $"""
                ALTER TABLE {s}.events ADD COLUMN position bigint GENERATED ALWAYS AS IDENTITY;
                CREATE UNIQUE INDEX events_position ON {s}.events (position);
                """),
            ("identity links", $"""
                CREATE TABLE {s}.identity_links (
                    id text COLLATE "C" PRIMARY KEY,
                    customer text COLLATE "C" NOT NULL);
                CREATE INDEX identity_links_customer ON {s}.identity_links (customer);
                """),
            ("definition versions", $"""
                ALTER TABLE {s}.journeys ADD COLUMN definition_version text COLLATE "C", ADD COLUMN definition_version_since bigint;
                CREATE TABLE {s}.definitions (
                    name text COLLATE "C" NOT NULL,
                    version text COLLATE "C" NOT NULL,
                    json text NOT NULL,
                    PRIMARY KEY (name, version));
                """),
            ("delivery log", $"""
                CREATE TABLE {s}.delivery_checkpoint (name text PRIMARY KEY, position bigint NOT NULL);
                INSERT INTO {s}.delivery_checkpoint (name, position) VALUES ('default', 0);
                CREATE TABLE {s}.deliveries (
                    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    position bigint NOT NULL,
                    handler text COLLATE "C" NOT NULL,
                    definition text COLLATE "C" NOT NULL,
                    customer text COLLATE "C" NOT NULL,
                    seq bigint NOT NULL,
                    from_stage text,
                    to_stage text NOT NULL,
                    cause smallint NOT NULL,
                    touchpoint text,
                    channel text,
                    event_id text,
                    occurred_at_ticks bigint NOT NULL,
                    segment text,
                    state smallint NOT NULL DEFAULT 0,
                    attempts integer NOT NULL DEFAULT 0,
                    next_at_ticks bigint NOT NULL,
                    lease_owner text,
                    lease_until_ticks bigint NOT NULL DEFAULT 0,
                    last_error text,
                    UNIQUE (position, handler));
                CREATE INDEX deliveries_pending ON {s}.deliveries (id) WHERE state = 0;
                CREATE TABLE {s}.delivery_timers (
                    definition text COLLATE "C" NOT NULL,
                    customer text COLLATE "C" NOT NULL,
                    due_at_ticks bigint NOT NULL,
                    PRIMARY KEY (definition, customer));
                CREATE INDEX delivery_timers_due ON {s}.delivery_timers (due_at_ticks);
                CREATE INDEX delivery_timers_customer ON {s}.delivery_timers (customer);
                """),
        ];

        // The arrays arrive sorted by (definition, customer), ordinal: rows are created and locked in that order, so
        // batches never wait on one another in a cycle. LATERAL subqueries with FOR UPDATE / LIMIT are not flattened:
        // they run as index probes per key (a hash join would scan whole tables as they grow).
        InsertNewJourneys = $"""
            INSERT INTO {s}.journeys (definition, customer, version)
            SELECT u.d, u.c, 0 FROM unnest(@d::text[], @c::text[]) AS u(d, c)
            ON CONFLICT (definition, customer) DO NOTHING
            """;
        LockJourneys = $"""
            SELECT u.d, u.c, x.version, x.id
            FROM unnest(@d::text[], @c::text[]) AS u(d, c)
            CROSS JOIN LATERAL (SELECT j.id, j.version FROM {s}.journeys AS j WHERE j.definition = u.d AND j.customer = u.c FOR UPDATE) AS x
            """;
        StoredIds = $"""
            SELECT u.j, u.id
            FROM unnest(@j::bigint[], @id::text[]) AS u(j, id)
            CROSS JOIN LATERAL (SELECT 1 FROM {s}.events AS e WHERE e.journey_id = u.j AND e.event_id = u.id LIMIT 1) AS hit
            """;
        CopyEvents = $"COPY {s}.events (journey_id, seq, {EventColumns}) FROM STDIN (FORMAT BINARY)";
        InsertEvents = $"""
            INSERT INTO {s}.events (journey_id, seq, {EventColumns})
            SELECT * FROM unnest(@j::bigint[], @seq::bigint[], @id::text[], @tp::text[], @ticks::bigint[], @off::smallint[],
                                 @ch::text[], @val::numeric[], @seg::text[], @props::jsonb[])
            """;
        UpdateVersions = $"""
            UPDATE {s}.journeys AS j SET version = u.v
            FROM unnest(@j::bigint[], @old::bigint[], @v::bigint[]) AS u(id, old, v)
            WHERE j.id = ANY(@j) AND j.id = u.id AND j.version = u.old
            """;
        Load = $"""
            SELECT {Prefixed("e.")} FROM {s}.journeys AS j JOIN {s}.events AS e ON e.journey_id = j.id
            WHERE j.definition = @d AND j.customer = @c ORDER BY e.seq
            """;
        LoadMany = $"""
            SELECT k.ord, {Prefixed("e.")}
            FROM unnest(@ds::text[], @cs::text[]) WITH ORDINALITY AS k(definition, customer, ord)
            CROSS JOIN LATERAL (SELECT j.id FROM {s}.journeys AS j WHERE j.definition = k.definition AND j.customer = k.customer) AS j
            CROSS JOIN LATERAL (SELECT e.* FROM {s}.events AS e WHERE e.journey_id = j.id) AS e
            ORDER BY k.ord, e.seq
            """;
        ReadAll = $"""
            SELECT j.customer, {Prefixed("e.")} FROM {s}.journeys AS j JOIN {s}.events AS e ON e.journey_id = j.id
            WHERE j.definition = @d ORDER BY j.customer, e.seq
            """;
        LockLog = $"SELECT pg_advisory_xact_lock(hashtext('CustomerJourney.PostgreSql.log'), hashtext(@schema))";
        ReadSince = $"""
            SELECT e.position, j.definition, j.customer, e.seq, {Prefixed("e.")}
            FROM {s}.events AS e JOIN {s}.journeys AS j ON j.id = e.journey_id
            WHERE e.position > @p ORDER BY e.position LIMIT @n
            """;
        LockCustomer = $"SELECT id FROM {s}.journeys WHERE customer = ANY(@c) ORDER BY definition, customer FOR UPDATE";
        DeleteJourneys = $"DELETE FROM {s}.journeys WHERE customer = ANY(@c) RETURNING id, version";
        DeleteEvents = $"DELETE FROM {s}.events WHERE journey_id = ANY(@ids)";
        DeleteDeliveries = $"DELETE FROM {s}.deliveries WHERE customer = @c; DELETE FROM {s}.delivery_timers WHERE customer = @c";
    }

    public string Schema { get; }

    private static string Prefixed(string alias) => string.Join(", ", EventColumns.Split(", ").Select(c => alias + c));

    public string CreateSchema { get; }

    public string CurrentVersion { get; }

    public string RecordVersion { get; }

    /// <summary>The migrations, in order: migration <c>i</c> brings the schema to version <c>i + 1</c>.</summary>
    public IReadOnlyList<(string Description, string Text)> Migrations { get; }

    public string InsertNewJourneys { get; }

    public string LockJourneys { get; }

    public string StoredIds { get; }

    public string CopyEvents { get; }

    public string InsertEvents { get; }

    public string UpdateVersions { get; }

    public string Load { get; }

    /// <summary>The events of many journeys, by the keys' position (1-based <c>ord</c>), in one round trip.</summary>
    public string LoadMany { get; }

    public string ReadAll { get; }

    /// <summary>The append lock of the log: held from the first event insert to the commit, so positions are allocated in commit order.</summary>
    public string LockLog { get; }

    /// <summary>The change feed: events after a position, in position order, with their journey keys.</summary>
    public string ReadSince { get; }

    public string LockCustomer { get; }

    public string DeleteJourneys { get; }

    public string DeleteEvents { get; }

    /// <summary>Erases a customer's deliveries and timers from the delivery log.</summary>
    public string DeleteDeliveries { get; }
}
