using ServerlessStreams.Functions.Hosting;

namespace ServerlessStreams.Functions.LocalHost;

/// <summary>The consumer side of a kafkaTrigger function, as the trigger loop needs it.</summary>
internal interface IKafkaBatchSource : IDisposable
{
    /// <summary>Up to <paramref name="maxRecords"/> records, waiting at most <paramref name="maxWait"/> after the first.</summary>
    Task<IReadOnlyList<KafkaEventRecord>> NextBatchAsync(int maxRecords, TimeSpan maxWait, CancellationToken cancellationToken);

    /// <summary>Commits the offsets after the batch; called only once the handler answered 2xx.</summary>
    void Commit(IReadOnlyList<KafkaEventRecord> batch);

    /// <summary>Moves the read position back to the batch's first record per partition, so it is delivered again.</summary>
    void Rewind(IReadOnlyList<KafkaEventRecord> batch);

    /// <summary>Records not yet read on the assigned partitions, or null when the broker has not said yet.</summary>
    long? Lag();
}
