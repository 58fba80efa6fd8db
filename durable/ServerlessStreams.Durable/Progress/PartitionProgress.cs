namespace ServerlessStreams.Durable.Progress;

/// <summary>How far one source partition of a task has got: its largest event time and when it last had data.</summary>
internal sealed record PartitionProgress(string Source, double MaxEventTime, DateTimeOffset LastActivity)
{
    /// <summary>The event time of a partition that has had no data yet (Tables store no infinities).</summary>
    public const double NoData = -9e15;

    public bool HasData => MaxEventTime > NoData;
}
