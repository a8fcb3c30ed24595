namespace CustomerJourney.Hosting;

/// <summary>How the dispatcher reads the change feed, delivers, retries and applies lapses.</summary>
public sealed class JourneyDispatcherOptions
{
    /// <summary>Events read from the change feed, and deliveries claimed, per round. Default 500.</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>The longest sleep when there is nothing to do (new events are seen within this time). Default 200 ms.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Attempts per delivery before it is parked. Default 8.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>The wait before the first retry; each further retry waits twice as long (with jitter), up to <see cref="MaxRetryDelay"/>. Default 1 s.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between two attempts. Default 5 min.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long a claimed delivery stays reserved for this instance: another instance takes it over only after the lease
    /// ends, so after a crash undelivered work waits at most this long. Must exceed <see cref="HandlerTimeout"/>. Default 2 min.
    /// </summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The longest a handler may run for one delivery; it is then cancelled and the attempt fails. Default 1 min.</summary>
    public TimeSpan HandlerTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Deliveries run at once (deliveries of one customer always run one after another). Default 8.</summary>
    public int MaxConcurrency { get; set; } = 8;

    /// <summary>Whether this instance applies inactivity lapses at their due time. Default <see langword="true"/>.</summary>
    public bool ApplyLapses { get; set; } = true;

    /// <summary>This instance's id in leases; unique per process when <see langword="null"/> (the default).</summary>
    public string? InstanceId { get; set; }

    /// <summary>Every problem with these settings, each naming the setting and its value; empty when they are valid.</summary>
    /// <returns>The problems found, in the order of the settings.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (BatchSize is < 1 or > 100_000)
        {
            errors.Add($"BatchSize must lie between 1 and 100000 (was {BatchSize})");
        }

        if (PollInterval <= TimeSpan.Zero)
        {
            errors.Add($"PollInterval must be positive (was {PollInterval})");
        }

        if (MaxAttempts < 1)
        {
            errors.Add($"MaxAttempts must be at least 1 (was {MaxAttempts})");
        }

        if (RetryDelay < TimeSpan.Zero || MaxRetryDelay < RetryDelay)
        {
            errors.Add($"RetryDelay must not be negative and MaxRetryDelay not below it (were {RetryDelay} and {MaxRetryDelay})");
        }

        if (HandlerTimeout <= TimeSpan.Zero || Lease <= HandlerTimeout)
        {
            errors.Add($"HandlerTimeout must be positive and Lease longer than it (were {HandlerTimeout} and {Lease})");
        }

        if (MaxConcurrency < 1)
        {
            errors.Add($"MaxConcurrency must be at least 1 (was {MaxConcurrency})");
        }

        if (InstanceId is { } id && (string.IsNullOrWhiteSpace(id) || id.Length > 200))
        {
            errors.Add($"InstanceId must be null or 1 to 200 characters, not blank (was '{id}')");
        }

        return errors;
    }

    /// <summary>A copy validated now, so that later changes to this instance do not reach the dispatcher.</summary>
    /// <exception cref="ArgumentException">A setting is invalid; the message names every problem.</exception>
    internal JourneyDispatcherOptions Validated()
    {
        if (Validate() is { Count: > 0 } errors)
        {
            throw new ArgumentException("Invalid journey dispatcher options: " + string.Join("; ", errors) + ".");
        }

        return (JourneyDispatcherOptions)MemberwiseClone();
    }
}
