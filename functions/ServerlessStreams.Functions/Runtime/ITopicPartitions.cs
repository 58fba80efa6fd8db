namespace ServerlessStreams.Functions.Runtime;

/// <summary>How many partitions a topic has: each one holds a task's watermark back until it has data or goes idle.</summary>
internal interface ITopicPartitions
{
    Task<int> CountAsync(string topic, CancellationToken ct);
}
