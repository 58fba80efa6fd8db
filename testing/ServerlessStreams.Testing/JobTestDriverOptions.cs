using ServerlessStreams.Functions.Runtime;

namespace ServerlessStreams.Testing;

/// <summary>How a <see cref="JobTestDriver"/> sets up its clock and its topics.</summary>
public sealed record JobTestDriverOptions
{
    /// <summary>Where the processing-time clock starts: 2026-01-01T00:00:00Z unless set.</summary>
    public DateTimeOffset StartTime { get; init; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Partitions of every topic not in <see cref="TopicPartitions"/>, internal repartition topics included (as the local
    /// pipeline creates them); 1 by default. Each partition of an input topic holds a task's watermark back until it has
    /// data or stays idle for the job's <c>idleTimeout</c> of processing time, as in production.
    /// </summary>
    public int Partitions { get; init; } = 1;

    /// <summary>Partition counts by topic name, for topics that differ from <see cref="Partitions"/>.</summary>
    public IReadOnlyDictionary<string, int> TopicPartitions { get; init; } = new Dictionary<string, int>();

    /// <summary>
    /// When true, processing time follows event time, as <c>simulate</c> runs a job: before segments are applied the
    /// clock moves to the largest event time among them (epoch milliseconds) when that is later, so a timer due at a
    /// segment's time fires with it counted. <see cref="JobTestDriver.AdvanceProcessingTimeAsync"/> still moves it on.
    /// </summary>
    public bool ProcessingTimeFollowsEventTime { get; init; }

    /// <summary>The runtime's options (record size limit, entity applier settings), as the function app would set them.</summary>
    internal JobRuntimeOptions Runtime { get; init; } = new();
}
