using System.Diagnostics;
using Confluent.Kafka;

namespace ServerlessStreams.Bench.Chaos;

/// <summary>Produces the input at a steady rate (idempotent, in order per partition) and keeps where each record landed.</summary>
internal sealed class ChaosProducer(string bootstrapServers, string topic)
{
    private int _produced;

    public int Produced => Volatile.Read(ref _produced);

    public async Task<(ChaosRecord Record, int Partition, long Offset)[]> ProduceAsync(IReadOnlyList<ChaosRecord> records, int perSecond)
    {
        using var producer = new ProducerBuilder<string?, byte[]>(new ProducerConfig
        {
            BootstrapServers = bootstrapServers,
            EnableIdempotence = true,
            Acks = Acks.All,
            AllowAutoCreateTopics = false,
            LingerMs = 5,
            // A broker may be down for seconds; the producer waits for it rather than failing the record.
            MessageTimeoutMs = 300_000,
        }).SetLogHandler((_, _) => { }).Build();
        var landed = new (ChaosRecord, int, long)[records.Count];
        var pending = new List<Task>(records.Count);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < records.Count; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / perSecond);
            if (due > clock.Elapsed) await Task.Delay(due - clock.Elapsed);
            var index = i;
            var record = records[i];
            var headers = new Headers();
            foreach (var (key, value) in record.Record.Headers) headers.Add(key, value);
            pending.Add(producer.ProduceAsync(topic, new Message<string?, byte[]> { Key = record.Key, Value = record.Record.Value, Headers = headers })
                .ContinueWith(t =>
                {
                    var result = t.GetAwaiter().GetResult();
                    landed[index] = (record, result.Partition.Value, result.Offset.Value);
                    Interlocked.Increment(ref _produced);
                }, TaskScheduler.Default));
        }
        await Task.WhenAll(pending);
        return landed;
    }
}
