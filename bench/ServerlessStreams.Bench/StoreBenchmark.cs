using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using ServerlessStreams.Local.Azurite;
using ServerlessStreams.Durable.Entities;
using ServerlessStreams.Durable.Storage.Tables;
using ServerlessStreams.Registry;
using ServerlessStreams.Segments;
using ServerlessStreams.Spec;
using ServerlessStreams.Stages;

namespace ServerlessStreams.Bench;

/// <summary>
/// Window entities on the Table store (Azurite): one stream of 20,000 segments over 100 keys applied (a) by the
/// applier in batches of 5,000 and (b) one transaction per segment, in the same run against the same Azurite.
/// </summary>
internal static class StoreBenchmark
{
    private const int Segments = 20_000;
    private const int Keys = 100;
    private const int BatchSize = 5_000;
    private const int BaselineSegments = 2_000;

    public static async Task<int> RunAsync()
    {
        await using var azurite = await AzuriteRunner.StartOrReuseAsync();
        Console.WriteLine($"azurite: {azurite.TableEndpoint} ({(azurite.OwnsProcess ? "started" : "reused")})");

        var job = Job();
        var stage = new FunctionStage(job, job.Task("count"), JobRegistry.Default);
        var stream = Stream(stage);

        var batched = Store(azurite.ConnectionString, "batched");
        var batchedApplier = new EntityApplier(job.Name, stage, batched, TimeProvider.System);
        var keyBatches = 0;
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < stream.Count; i += BatchSize)
            keyBatches += (await batchedApplier.ApplyAsync(stream.GetRange(i, Math.Min(BatchSize, stream.Count - i)), null, default)).KeyBatches;
        var batchedSeconds = watch.Elapsed.TotalSeconds;
        var batchedCounts = batched.Counters.Snapshot();

        var perEvent = Store(azurite.ConnectionString, "perevent");
        var perEventApplier = new EntityApplier(job.Name, stage, perEvent, TimeProvider.System);
        watch.Restart();
        foreach (var input in stream.Take(BaselineSegments))
            await perEventApplier.ApplyAsync([input], null, default);
        var perEventSeconds = watch.Elapsed.TotalSeconds;
        var perEventCounts = perEvent.Counters.Snapshot();

        var batchedRate = Segments / batchedSeconds;
        var perEventRate = BaselineSegments / perEventSeconds;
        Console.WriteLine($"batched:   {Segments} segments in {batchedSeconds:F2} s = {Rate(batchedRate)} segments/s, " +
                          $"{batchedCounts.Transactions} transactions, {batchedCounts.RowsWritten} rows written");
        Console.WriteLine($"per-event: {BaselineSegments} segments in {perEventSeconds:F2} s = {Rate(perEventRate)} segments/s, " +
                          $"{perEventCounts.Transactions} transactions, {perEventCounts.RowsWritten} rows written");
        Console.WriteLine($"rows written per segment: {Format((double)batchedCounts.RowsWritten / Segments)} (batched), " +
                          $"{Format((double)perEventCounts.RowsWritten / BaselineSegments)} (per-event)");
        Console.WriteLine($"de-duplication rows: none expected for a first stage without a uniqueness key");
        Console.WriteLine($"transactions per key-batch: {Format((double)batchedCounts.Transactions / keyBatches)}");
        Console.WriteLine($"batched/per-event ratio: {Format(batchedRate / perEventRate)}");
        return 0;
    }

    private static TableWindowEntityStore Store(string connectionString, string name) =>
        TableWindowEntityStore.FromConnectionString(connectionString, new TableWindowEntityStoreOptions
        {
            TableName = $"Bench{name}{DateTime.UtcNow:HHmmssfff}",
        });

    private static JobSpec Job() => new()
    {
        Name = "bench",
        Workflow = [new WorkflowEdge("events", "count")],
        Catalog =
        [
            new TaskSpec { Name = "events", Type = TaskType.Input, Medium = Medium.Kafka, Topic = "events" },
            new TaskSpec { Name = "count", Type = TaskType.Function, Fn = "identity", GroupByKey = ["key"] },
        ],
        Windows = [new WindowSpec { Id = "per-minute", Task = "count", Type = WindowType.Fixed, Aggregation = AggregationSpec.Count, WindowKey = "time", Range = 60_000 }],
        Triggers = [new TriggerSpec { Id = "every-100", WindowId = "per-minute", On = TriggerKind.Segment, Threshold = 100 }],
    };

    private static List<KeyedInput> Stream(FunctionStage stage)
    {
        var random = new Random(42);
        var list = new List<KeyedInput>(Segments);
        for (var offset = 0; offset < Segments; offset++)
        {
            var segment = new Segment
            {
                Id = SegmentId.FromSource("events", 0, offset),
                Payload = new JsonObject { ["key"] = $"k{random.Next(Keys)}", ["time"] = offset * 30L },
                Source = new SourceCoordinates("events", 0, offset),
            };
            list.Add(new KeyedInput(segment, stage.Process(segment)));
        }
        return list;
    }

    private static string Rate(double rate) => rate.ToString("F0", CultureInfo.InvariantCulture);

    private static string Format(double value) => value.ToString("F2", CultureInfo.InvariantCulture);
}
