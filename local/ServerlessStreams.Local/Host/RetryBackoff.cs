namespace ServerlessStreams.Local.Host;

/// <summary>
/// Delay before redelivering a failed batch: doubling from <see cref="Minimum"/>, capped at <see cref="Maximum"/>;
/// past maxRetries attempts (when not -1) it stays at the maximum. A batch is never skipped: commitOnFailure is false.
/// </summary>
internal sealed record RetryBackoff(TimeSpan Minimum, TimeSpan Maximum, int MaxRetries)
{
    public TimeSpan Delay(int attempt)
    {
        if (attempt <= 0) return TimeSpan.Zero;
        if (MaxRetries >= 0 && attempt > MaxRetries) return Maximum;
        var factor = Math.Pow(2, Math.Min(attempt - 1, 30));
        var delay = TimeSpan.FromTicks((long)Math.Min(Minimum.Ticks * factor, Maximum.Ticks));
        return delay < Minimum ? Minimum : delay;
    }
}
