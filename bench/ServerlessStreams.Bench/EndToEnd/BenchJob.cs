using System.Text.Json.Nodes;
using ServerlessStreams.Functions.Generation;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Bench.EndToEnd;

/// <summary>
/// The e2e and parts job: page views counted per user in fixed one-minute windows, a firing every 100 segments of a user
/// synced to a Table view (about 5 firings per 1,000 records: the figures are mostly those of applying records to
/// window entities). One job holds several
/// independent rounds, each an input topic feeding its own count task, window and view, so one worker serves every
/// round and no round's state weighs on another's.
/// </summary>
internal static class BenchJob
{
    public const int Partitions = 4;
    /// <summary>The job's batch size, which the host.json generated for the job gives the local host as <c>maxBatchSize</c>.</summary>
    public const int BatchSize = 1000;

    public static JobSpec Of(string name, IReadOnlyList<string> rounds) => new()
    {
        Name = name,
        Workflow = [.. rounds.Select(round => new WorkflowEdge(round, Count(round)))],
        Catalog =
        [
            .. rounds.SelectMany(round => new[]
            {
                // The producer keys each record by its user (KeyOf), and the count groups by user: no repartitioning.
                new TaskSpec { Name = round, Type = TaskType.Input, Medium = Medium.Kafka, Topic = round, BatchSize = BatchSize, KeyedBy = ["user"] },
                new TaskSpec { Name = Count(round), Type = TaskType.Function, Fn = "identity", GroupByKey = ["user"] },
            }),
        ],
        Windows =
        [
            .. rounds.Select(round => new WindowSpec
            {
                Id = Window(round), Task = Count(round), Type = WindowType.Fixed, Aggregation = AggregationSpec.Count, WindowKey = "time", Range = 60_000,
            }),
        ],
        Triggers =
        [
            .. rounds.Select(round => new TriggerSpec
            {
                Id = $"every-100-{round}", WindowId = Window(round), On = TriggerKind.Segment, Threshold = 100,
                Sync = new SyncSpec { Table = "PerMinute" + string.Concat(round.Where(char.IsAsciiLetterOrDigit)) },
            }),
        ],
    };

    /// <summary>The stage function that reads a round's topic.</summary>
    public static string StageOf(string round) => FunctionNames.Stage(round);

    /// <summary>The record values: page views of 1,000 users, ten milliseconds apart.</summary>
    public static List<string> Records(int count, int first = 0)
    {
        var random = new Random(5);
        return Enumerable.Range(first, count).Select(i => new JsonObject
        {
            ["user"] = $"u{random.Next(1000)}",
            ["time"] = 1_700_000_000_000L + i * 10L,
            ["page"] = $"/p/{random.Next(50)}",
        }.ToJsonString()).ToList();
    }

    /// <summary>The Kafka key of a record: its user (<c>{"user":"u123",…</c>), so a user's records share a partition.</summary>
    public static string KeyOf(string line) => line[9..line.IndexOf('"', 9)];

    private static string Count(string round) => "count-" + round;

    private static string Window(string round) => "per-minute-" + round;
}
