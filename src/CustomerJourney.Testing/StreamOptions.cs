namespace CustomerJourney.Testing;

/// <summary>What generated event streams contain besides touches that follow the definition.</summary>
public sealed record StreamOptions
{
    /// <summary>Streams that follow the definition for one customer, with inactivity gaps and nothing unusual.</summary>
    public static StreamOptions Default { get; } = new();

    /// <summary>Everything at once: several customers, values, segments, unknown touchpoints, duplicates and out-of-order arrival.</summary>
    public static StreamOptions Everything { get; } = new()
    {
        Customers = 3,
        Values = true,
        Segments = true,
        UnknownTouchpoints = true,
        Duplicates = true,
        OutOfOrder = true,
    };

    /// <summary>How many customers the events are spread over (1 or more).</summary>
    public int Customers { get; init; } = 1;

    /// <summary>The longest stream (in generated steps; duplicates come on top).</summary>
    public int MaxLength { get; init; } = 30;

    /// <summary>Whether time passes long enough between some events for inactivity rules to apply.</summary>
    public bool InactivityGaps { get; init; } = true;

    /// <summary>How often (0 to 1) a step picks any touchpoint rather than one that moves the customer on.</summary>
    public double Wander { get; init; } = 0.25;

    /// <summary>Whether events carry values.</summary>
    public bool Values { get; init; }

    /// <summary>Whether events carry segments.</summary>
    public bool Segments { get; init; }

    /// <summary>Whether some events name touchpoints the definition does not have (the tracker rejects them).</summary>
    public bool UnknownTouchpoints { get; init; }

    /// <summary>Whether some events are sent twice (the tracker reports duplicates).</summary>
    public bool Duplicates { get; init; }

    /// <summary>Whether some events arrive later than events that happened after them (late events).</summary>
    public bool OutOfOrder { get; init; }
}
