using System.Collections.Concurrent;
using Confluent.Kafka;
using ServerlessStreams.Functions.Runtime;

namespace ServerlessStreams.Functions.Kafka;

/// <summary>Partition counts from the broker's metadata, asked once per topic however many invocations ask at once.</summary>
internal sealed class KafkaTopicPartitions(KafkaClientSettings settings) : ITopicPartitions, IDisposable
{
    private readonly ConcurrentDictionary<string, Task<int>> _counts = new(StringComparer.Ordinal);
    private readonly Lazy<IAdminClient> _admin = new(() => new AdminClientBuilder(settings.ToAdminClientConfig()).Build());

    public Task<int> CountAsync(string topic, CancellationToken ct)
    {
        var count = _counts.GetOrAdd(topic, Lookup);
        // A failed or empty answer is asked again next time; a known count stays.
        if (count.IsCompleted && (!count.IsCompletedSuccessfully || count.Result == 0)) _counts.TryRemove(KeyValuePair.Create(topic, count));
        return count.WaitAsync(ct);
    }

    /// <summary>
    /// The metadata call blocks until the broker answers, so it runs on a thread of its own: blocking thread-pool
    /// threads would stall the invocations waiting for them until the pool adds threads.
    /// </summary>
    private Task<int> Lookup(string topic) => Task.Factory.StartNew(() =>
    {
        var metadata = _admin.Value.GetMetadata(topic, TimeSpan.FromSeconds(10));
        return metadata.Topics.FirstOrDefault(t => t.Topic == topic)?.Partitions.Count ?? 0;
    }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    public void Dispose()
    {
        if (_admin.IsValueCreated) _admin.Value.Dispose();
    }
}
