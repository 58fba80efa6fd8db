namespace ServerlessStreams.Functions.Kafka;

/// <summary>
/// Records of a batch were not acknowledged by Kafka. The invocation that produced them must fail so
/// the batch is retried; records that did arrive carry their segment ids, so the retry's duplicates are dropped downstream.
/// </summary>
internal sealed class KafkaDeliveryException : Exception
{
    public KafkaDeliveryException(string topic, string reason, int failedCount, int batchCount, Exception? innerException = null)
        : base(Describe(topic, reason, failedCount, batchCount), innerException)
    {
        Topic = topic;
        Reason = reason;
        FailedCount = failedCount;
        BatchCount = batchCount;
    }

    /// <summary>The topic of the first record that failed.</summary>
    public string Topic { get; }

    /// <summary>Why the first failed record was not delivered, as the Kafka client reported it.</summary>
    public string Reason { get; }

    public int FailedCount { get; }

    public int BatchCount { get; }

    private static string Describe(string topic, string reason, int failedCount, int batchCount) =>
        $"Delivery to Kafka topic '{topic}' failed: {reason} ({failedCount} of {batchCount} record(s) in the batch not delivered).";
}
