using Confluent.Kafka;
using ServerlessStreams.Functions.Kafka;

namespace ServerlessStreams.Bench.Scale;

/// <summary>
/// Produces a round's records as fast as the broker takes them: every record handed to the client at once, one wait
/// for all acknowledgements (idempotent, acks=all), so producing adds little to the time of the side it feeds.
/// </summary>
internal sealed class RecordProducer : IDisposable
{
    private readonly IProducer<string?, string> _producer;

    public RecordProducer(string bootstrap)
    {
        var config = new KafkaClientSettings(bootstrap).ToProducerConfig("scale-bench");
        config.QueueBufferingMaxMessages = 2_000_000;
        // Configuration notices (the idempotent producer's experimental settings) would only clutter the benchmark's output.
        _producer = new ProducerBuilder<string?, string>(config).SetLogHandler((_, _) => { }).Build();
    }

    public async Task ProduceAsync(string topic, IReadOnlyCollection<string> records, Func<string, string?> keyOf)
    {
        if (records.Count == 0) return;
        var outstanding = records.Count;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        foreach (var record in records)
        {
            _producer.Produce(topic, new Message<string?, string> { Key = keyOf(record), Value = record }, report =>
            {
                if (report.Error.IsError) done.TrySetException(new KafkaException(report.Error));
                else if (Interlocked.Decrement(ref outstanding) == 0) done.TrySetResult();
            });
        }
        await done.Task;
    }

    public void Dispose()
    {
        _producer.Flush(TimeSpan.FromSeconds(10));
        _producer.Dispose();
    }
}
