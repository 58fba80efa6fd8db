namespace ServerlessStreams.Functions.Observability;

/// <summary>
/// Totals of the stream metrics since a <see cref="StreamMetricsListener"/> started, at one moment: the pipeline's
/// (records in through input tasks, out through output tasks), each task's, the sweeper's last run and the last
/// firings. Two snapshots give rates (records per second) for a status line or the dashboard; the last one gives the summary.
/// </summary>
internal sealed record MetricsSnapshot
{
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>Records read by the input tasks: what entered the pipeline.</summary>
    public long RecordsIn { get; init; }

    /// <summary>Records written by the output tasks: what left the pipeline.</summary>
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

    /// <summary>The last sweep's lag; null until a sweep swept.</summary>
    public TimeSpan? SweeperLag { get; init; }

    /// <summary>The totals of each task by name, for the tasks that recorded anything.</summary>
    public IReadOnlyDictionary<string, TaskTotals> Tasks { get; init; } = new Dictionary<string, TaskTotals>();

    /// <summary>The sweeper's last run on this instance, whether it swept or not; null before the first.</summary>
    public SweeperRun? LastSweep { get; init; }

    /// <summary>The last firings, newest first, at most <see cref="StreamMetricsListener.KeptFirings"/>.</summary>
    public IReadOnlyList<RecentFiring> Firings { get; init; } = [];

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
