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
                    definition text COLLATE "C" NOT NULL,
                    customer text COLLATE "C" NOT NULL,
                    version bigint NOT NULL CHECK (version >= 0),
                    PRIMARY KEY (definition, customer));
                CREATE INDEX journeys_customer ON {s}.journeys (customer);
                CREATE TABLE {s}.events (
                    definition text COLLATE "C" NOT NULL,
                    customer text COLLATE "C" NOT NULL,
                    seq bigint NOT NULL,
                    event_id text COLLATE "C" NOT NULL,
                    touchpoint text NOT NULL,
                    occurred_at_ticks bigint NOT NULL,
                    offset_minutes smallint NOT NULL,
                    channel text,
                    value numeric,
                    segment text,
                    properties jsonb,
                    PRIMARY KEY (definition, customer, seq),
                    UNIQUE (definition, customer, event_id));
                """),
        ];

        InsertNewJourneys = $"""
            INSERT INTO {s}.journeys (definition, customer, version)
            SELECT u.d, u.c, 0 FROM unnest(@d::text[], @c::text[]) AS u(d, c) ORDER BY u.d COLLATE "C", u.c COLLATE "C"
            ON CONFLICT (definition, customer) DO NOTHING
            """;
        LockJourneys = $"""
            SELECT j.definition, j.customer, j.version
            FROM {s}.journeys AS j JOIN unnest(@d::text[], @c::text[]) AS u(d, c) ON j.definition = u.d AND j.customer = u.c
            ORDER BY j.definition, j.customer
            FOR UPDATE OF j
            """;
        StoredIds = $"""
            SELECT e.definition, e.customer, e.event_id
            FROM unnest(@d::text[], @c::text[], @id::text[]) AS u(d, c, id)
            JOIN {s}.events AS e ON e.definition = u.d AND e.customer = u.c AND e.event_id = u.id
            """;
        CopyEvents = $"COPY {s}.events (definition, customer, seq, {EventColumns}) FROM STDIN (FORMAT BINARY)";
        InsertEvents = $"""
            INSERT INTO {s}.events (definition, customer, seq, {EventColumns})
            SELECT * FROM unnest(@d::text[], @c::text[], @seq::bigint[], @id::text[], @tp::text[], @ticks::bigint[], @off::smallint[],
                                 @ch::text[], @val::numeric[], @seg::text[], @props::jsonb[])
            """;
        UpdateVersions = $"""
            UPDATE {s}.journeys AS j SET version = u.v
            FROM unnest(@d::text[], @c::text[], @old::bigint[], @v::bigint[]) AS u(d, c, old, v)
            WHERE j.definition = u.d AND j.customer = u.c AND j.version = u.old
            """;
        Load = $"SELECT {EventColumns} FROM {s}.events WHERE definition = @d AND customer = @c ORDER BY seq";
        ReadAll = $"SELECT customer, {EventColumns} FROM {s}.events WHERE definition = @d ORDER BY customer, seq";
        LockCustomer = $"SELECT definition, version FROM {s}.journeys WHERE customer = @c ORDER BY definition FOR UPDATE";
        DeleteJourneys = $"DELETE FROM {s}.journeys WHERE customer = @c RETURNING definition, version";
        DeleteEvents = $"DELETE FROM {s}.events WHERE definition = ANY(@defs) AND customer = @c";
    }

    public string Schema { get; }

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

    public string ReadAll { get; }

    public string LockCustomer { get; }

    public string DeleteJourneys { get; }

    public string DeleteEvents { get; }
}
