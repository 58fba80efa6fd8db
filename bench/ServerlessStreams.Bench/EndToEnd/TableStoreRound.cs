using ServerlessStreams.Local.Azurite;
using ServerlessStreams.Local.Kafka;
using ServerlessStreams.Local;

namespace ServerlessStreams.Bench.EndToEnd;

/// <summary>
/// The same records once through a worker whose window state is in Azure Tables (Azurite), to count what they cost
/// in storage: entity-group transactions and rows written per 1,000 records. Not timed against the consumer: Azurite's
/// speed is not Azure's.
/// </summary>
internal static class TableStoreRound
{
    /// <summary>Enough for the counts per 1,000 records (batches as full and keys per batch as in the measured rounds); Azurite is slow.</summary>
    public const int MaxRecords = 20_000;

    public static async Task RunAsync(EmbeddedKafka kafka, int records, TimeSpan poll)
    {
        await using var azurite = await AzuriteRunner.StartOrReuseAsync();
        var round = "tables-" + Guid.NewGuid().ToString("N")[..8];
        var job = BenchJob.Of("bench-" + round, [round]);
        foreach (var topic in LocalPipeline.TopicsOf(job)) kafka.CreateTopic(topic, BenchJob.Partitions);
        await using var pipeline = await LocalPipeline.StartAsync(job, new LocalPipelineOptions
        {
            BootstrapServers = kafka.BootstrapServers,
            StorageConnectionString = azurite.ConnectionString,
            MaxBatchWait = TimeSpan.FromMilliseconds(100),
        });
        var result = await PipelineRound.RunAsync(pipeline, round, records, poll);
        Console.WriteLine($"table store (Azurite, {(azurite.OwnsProcess ? "started" : "reused")}): {records} records in {result.Seconds:F2} s; {result.Summary()}");
        Console.WriteLine($"table store, per 1,000 records: {PipelineRound.PerThousand([result])}");
    }
}
