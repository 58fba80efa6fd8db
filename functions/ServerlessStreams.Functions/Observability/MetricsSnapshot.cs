namespace ServerlessStreams.Functions.Observability;

/// <summary>
/// Totals of the stream metrics since a <see cref="StreamMetricsListener"/> started, at one moment.
/// Two snapshots give rates (records per second) for a status line; the last one gives the summary.
/// </summary>
public sealed record MetricsSnapshot
{
    public required DateTimeOffset Timestamp { get; init; }

    public long RecordsIn { get; init; }

    public long RecordsOut { get; init; }

    public long Batches { get; init; }

    public double BatchMillisecondsTotal { get; init; }

    public double BatchMillisecondsMax { get; init; }

    public long EntityTransactions { get; init; }

    public long EntityConflicts { get; init; }

    public long DedupeHits { get; init; }

    public long LateRecords { get; init; }

    public long DeadLetters { get; init; }

    public long WindowsFired { get; init; }

    /// <summary>The largest of the tasks' latest watermark lags; null until one was reported.</summary>
    public TimeSpan? WatermarkLag { get; init; }

    /// <summary>The largest of the jobs' latest sweeper lags; null until one was reported.</summary>
    public TimeSpan? SweeperLag { get; init; }

    /// <summary>Records read per task name.</summary>
    public IReadOnlyDictionary<string, long> RecordsInByTask { get; init; } = new Dictionary<string, long>();

    public double AverageBatchMilliseconds => Batches == 0 ? 0 : BatchMillisecondsTotal / Batches;

    public static MetricsSnapshot Empty(DateTimeOffset timestamp) => new() { Timestamp = timestamp };

    /// <summary>Records read per second between <paramref name="earlier"/> and this snapshot; 0 over no time.</summary>
    public double RecordsInPerSecondSince(MetricsSnapshot earlier) => PerSecond(RecordsIn - earlier.RecordsIn, earlier);

    /// <summary>Records produced per second between <paramref name="earlier"/> and this snapshot; 0 over no time.</summary>
    public double RecordsOutPerSecondSince(MetricsSnapshot earlier) => PerSecond(RecordsOut - earlier.RecordsOut, earlier);

    private double PerSecond(long delta, MetricsSnapshot earlier)
    {
        var seconds = (Timestamp - earlier.Timestamp).TotalSeconds;
        return seconds <= 0 ? 0 : delta / seconds;
    }
}
