using System.Diagnostics;
using System.Globalization;
using System.Text;
using ServerlessStreams.Durable.Progress;
using ServerlessStreams.Durable.Sinks;
using ServerlessStreams.Durable.Storage.Memory;
using ServerlessStreams.Functions.Hosting;
using ServerlessStreams.Functions.Runtime;
using ServerlessStreams.Registry;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Bench;

/// <summary>
/// What one hot key costs across the hop with pre-aggregation and without, in one process on the in-process store:
/// every record of one input partition counted (or summed) in a global window of one key, produced in batches of 500.
/// The keyed side either keeps up (invoked after every producing batch with what it produced) or catches up on a
/// backlog (invoked with up to 500 internal records at a time, as the Kafka trigger delivers them). Counts internal
/// records, their bytes, keyed invocations and entity transactions, and checks both sides end with the same state.
/// </summary>
internal static class PreAggregationBenchmark
{
    private const int BatchSize = 500;

    public static async Task<int> RunAsync(string[] args)
    {
        var records = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
        var cases = new (string Name, WindowSpec Window)[]
        {
            ("count, global window keyed by time", new WindowSpec { Id = "total", Task = "agg", Type = WindowType.Global, Aggregation = AggregationSpec.Count, WindowKey = "time" }),
            ("count, global window", new WindowSpec { Id = "total", Task = "agg", Type = WindowType.Global, Aggregation = AggregationSpec.Count }),
            ("sum, global window", new WindowSpec { Id = "total", Task = "agg", Type = WindowType.Global, Aggregation = AggregationSpec.Sum("v") }),
        };
        Console.WriteLine($"hot single key, {records:N0} records, producing and consuming batches of {BatchSize}");
        Console.WriteLine($"{"case",-36} {"mode",-8} {"internal records",17} {"internal KB",12} {"keyed batches",14} {"transactions",13} {"seconds",8}");
        foreach (var keepUp in new[] { true, false })
        {
            Console.WriteLine(keepUp ? "keyed side keeping up:" : "keyed side catching up on a backlog:");
            foreach (var (name, window) in cases)
            {
                var without = await RunAsync(window, records, preAggregate: false, keepUp);
                var with = await RunAsync(window, records, preAggregate: true, keepUp);
                Print(name, "without", without);
                Print(name, "with", with);
                if (with.State != without.State) throw new InvalidOperationException($"{name}: states differ: {with.State} with, {without.State} without");
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{"",-36} ratio    internal records {(double)without.Records / with.Records:F0}x fewer, bytes {(double)without.Bytes / with.Bytes:F1}x fewer, transactions {(double)without.Transactions / with.Transactions:F0}x fewer"));
            }
        }
        return 0;
    }

    private sealed record Result(int Records, long Bytes, int Batches, int Transactions, double Seconds, string State);

    private static void Print(string name, string mode, Result r) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{name,-36} {mode,-8} {r.Records,17:N0} {r.Bytes / 1024.0,12:N0} {r.Batches,14:N0} {r.Transactions,13:N0} {r.Seconds,8:F2}"));

    private static async Task<Result> RunAsync(WindowSpec window, int records, bool preAggregate, bool keepUp)
    {
        var job = new JobSpec
        {
            Name = "hot",
            Workflow = [new WorkflowEdge("events", "agg")],
            Catalog =
            [
                new TaskSpec { Name = "events", Type = TaskType.Input, Medium = Medium.Kafka, Topic = "events", BatchSize = BatchSize },
                new TaskSpec { Name = "agg", Type = TaskType.Function, Fn = "identity" },
            ],
            Windows = [window],
            Triggers = [new TriggerSpec { Id = "every-second", WindowId = "total", On = TriggerKind.Timer, Period = TimeSpan.FromSeconds(1) }],
        };
        var publisher = new KeepingPublisher();
        var store = new InMemoryWindowEntityStore();
        var runtime = new JobRuntime(job, new JobRegistry(), new JobRuntimeServices
        {
            Store = store,
            Views = new InMemoryViewStore(),
            RecordTables = new InMemoryRecordTableStore(),
            Publisher = publisher,
            Progress = new StoreProgressTracker(job, new InMemoryProgressStore(), TimeProvider.System),
        }, new JobRuntimeOptions { PreAggregate = preAggregate });

        var clock = Stopwatch.StartNew();
        var transactions = 0;
        var batches = 0;
        long bytes = 0;
        var internalOffset = 0L;
        var pending = new List<KafkaEventRecord>();
        for (var start = 0; start < records; start += BatchSize)
        {
            var batch = Enumerable.Range(start, Math.Min(BatchSize, records - start)).Select(i => new KafkaEventRecord("events", 0, i, 1_700_000_000_000L + i,
                null, string.Create(CultureInfo.InvariantCulture, $"{{\"id\":\"e{i}\",\"time\":{1_700_000_000_000L + i * 10L},\"v\":{i % 7}}}"))).ToList();
            await runtime.ProcessAsync("events", batch, default);
            foreach (var record in publisher.Take())
            {
                bytes += record.Value.Length + record.Headers.Sum(h => h.Key.Length + h.Value.Length) + (record.Key?.Length ?? 0);
                var headers = record.Headers.Select(h => new KafkaHeader(h.Key, h.Value)).ToList();
                if (record.Id is { } id) headers.Add(new KafkaHeader(Segments.SegmentId.HeaderName, Encoding.UTF8.GetBytes(id.Value)));
                pending.Add(new KafkaEventRecord(record.Topic, 0, internalOffset++, 0, record.Key, record.Value.ToArray(), [.. headers]));
            }
            // The keyed function takes up to a batch of records whenever it is invoked.
            while (pending.Count > 0 && (keepUp || pending.Count >= BatchSize || start + BatchSize >= records))
            {
                var take = Math.Min(BatchSize, pending.Count);
                var outcome = await runtime.ProcessRepartitionedAsync("agg", pending[..take], default);
                pending.RemoveRange(0, take);
                transactions += outcome.Transactions;
                batches++;
            }
        }
        var seconds = clock.Elapsed.TotalSeconds;
        var state = await new Durable.Queries.WindowQuery(job, new JobRegistry(), store).QueryAsync("total", Segments.GroupKey.None, null, default);
        return new Result((int)internalOffset, bytes, batches, transactions, seconds, state!["extents"]!.ToJsonString());
    }

    private sealed class KeepingPublisher : IRecordPublisher
    {
        private readonly List<Functions.Kafka.OutgoingRecord> _records = [];

        public Task PublishAsync(IReadOnlyList<Functions.Kafka.OutgoingRecord> records, CancellationToken ct)
        {
            _records.AddRange(records);
            return Task.CompletedTask;
        }

        public List<Functions.Kafka.OutgoingRecord> Take()
        {
            var taken = _records.ToList();
            _records.Clear();
            return taken;
        }
    }
}
