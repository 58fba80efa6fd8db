using ServerlessStreams.Functions.Hosting;

namespace ServerlessStreams.Local.Host;

/// <summary>
/// The consumer side of a kafkaTrigger function, as the trigger loop needs it. One reader calls
/// <see cref="ReadAsync"/>, <see cref="Rewind"/>, <see cref="Lag"/> and
/// <see cref="AssignedPartitions"/>; <see cref="Commit"/> comes from the
/// partitions' deliveries, on any thread.
/// </summary>
internal interface IKafkaBatchSource : IDisposable
{
    /// <summary>
    /// Up to <paramref name="maxRecords"/> records already read from the broker; when there are none, the first to
    /// arrive within <paramref name="waitForFirst"/> and those read with it. Empty when none arrived.
    /// </summary>
    Task<IReadOnlyList<KafkaEventRecord>> ReadAsync(int maxRecords, TimeSpan waitForFirst, CancellationToken cancellationToken);

    /// <summary>
    /// Commits the offsets after the batch, at once or (as the Kafka extension does) by storing them for the client to
    /// commit shortly after and when it leaves; called only once its invocation succeeded.
    /// </summary>
    void Commit(IReadOnlyList<KafkaEventRecord> batch);

    /// <summary>Moves the read position back to the batch's first record per partition, so it is delivered again.</summary>
    void Rewind(IReadOnlyList<KafkaEventRecord> batch);

    /// <summary>Records not yet read on the assigned partitions, or null when the broker has not said yet.</summary>
    long? Lag();

    /// <summary>Offsets found deleted by the broker before this consumer read them, since the last call.</summary>
    IReadOnlyList<SkippedRange> TakeSkipped();

    /// <summary>The partitions of the topic this consumer-group member holds now, in ascending order; empty during a rebalance.</summary>
    IReadOnlyList<int> AssignedPartitions();
}
