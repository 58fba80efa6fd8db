using System.Text.Json.Nodes;
using ServerlessStreams.Registry;
using ServerlessStreams.Spec;
using static ServerlessStreams.Shared.Tests.Support.TestJobs;

namespace ServerlessStreams.Testing.Tests.Simulation;

public partial class JobSimulationTests
{
    private const double Hour = 3_600_000;
    private const double Minute = 60_000;

    private sealed record Output(string[] Firings, string[] DeadLetters, SimulationSummary Summary, string FiringText);

    private static async Task<Output> SimulateAsync(JobSpec job, IEnumerable<string> lines, JobRegistry? registry = null)
    {
        var firings = new StringWriter();
        var deadLetters = new StringWriter();
        // The engine tests' jobs leave fn out; a job spec names it, and the driver validates the job as the loader does.
        var named = job with { Catalog = new([.. job.Catalog.Select(t => t.Type == TaskType.Function && t.Fn is null ? t with { Fn = "identity" } : t)]) };
        var summary = await JobSimulation.RunAsync(named, registry ?? new JobRegistry(), lines, firings, deadLetters);
        return new Output(Lines(firings), Lines(deadLetters), summary, firings.ToString());
    }

    private static string[] Lines(StringWriter writer) =>
        writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private static string Vote(string candidate, string time, string? voter = null) =>
        voter is null
            ? $$"""{"candidate":"{{candidate}}","eventTime":"{{time}}"}"""
            : $$"""{"candidate":"{{candidate}}","eventTime":"{{time}}","voterId":"{{voter}}"}""";

    private static JobSpec Election(TimeSettings? time = null, string? uniquenessKey = null) => Job(
        [
            Fixed(Hour, id: "per-hour", kind: WindowKeyKind.Time, key: "eventTime"),
            Sliding(Hour, 15 * Minute, AggregationSpec.Collect, id: "sliding", kind: WindowKeyKind.Time, key: "eventTime"),
            Session(5 * Minute, id: "sessions", kind: WindowKeyKind.Time, key: "eventTime"),
        ],
        [
            OnSegments(3, windowId: "per-hour", id: "every-3", fireAll: true),
            OnTimer(TimeSpan.FromMinutes(20), windowId: "per-hour", id: "tick"),
            OnWatermark(windowId: "sliding", id: "wm", refinement: Refinement.Discarding),
            OnPunctuation(PredicateSpec.FieldEquals("candidate", "\"zed\""), windowId: "sessions", id: "zed"),
        ],
        groupBy: ["candidate"], uniquenessKey: uniquenessKey,
        time: time ?? new TimeSettings { MaxOutOfOrderness = TimeSpan.FromMinutes(10), AllowedLateness = TimeSpan.FromMinutes(30) });

    /// <summary>A long out-of-order stream with some bad lines, the same every time.</summary>
    private static List<string> Stream()
    {
        var random = new Random(7);
        var start = new DateTimeOffset(2024, 11, 5, 8, 0, 0, TimeSpan.Zero);
        var lines = new List<string>();
        for (var i = 0; i < 400; i++)
        {
            var at = start.AddSeconds(i * 45 + random.Next(-900, 300) - (i % 50 == 49 ? 7200 : 0));
            var candidate = new[] { "ada", "bob", "zed" }[random.Next(3)];
            lines.Add(i % 97 == 13 ? "{broken" : Vote(candidate, at.ToString("O")));
        }
        return lines;
    }

    [Fact]
    public async Task The_same_input_gives_the_same_output_byte_for_byte()
    {
        var first = await SimulateAsync(Election(), Stream());
        var second = await SimulateAsync(Election(), Stream());

        Assert.True(first.Firings.Length > 100, $"expected a busy run, got {first.Firings.Length} firings");
        Assert.Contains(first.Firings, f => f.Contains("\"event\":\"timer\""));
        Assert.Contains(first.Firings, f => f.Contains("\"event\":\"watermark\""));
        Assert.Contains(first.Firings, f => f.Contains("\"event\":\"punctuation\""));
        Assert.Contains(first.DeadLetters, d => d.Contains("\"reason\":\"late\""));
        Assert.Equal(first.FiringText, second.FiringText);
        Assert.Equal(first.DeadLetters, second.DeadLetters);
    }

    [Fact]
    public async Task Bad_lines_go_to_dead_letters_with_offset_and_reason_and_the_run_goes_on()
    {
        var output = await SimulateAsync(Election(), [
            Vote("ada", "2024-11-05T08:00:00Z"),
            "not json at all",
            "[1,2,3]",
            """{"candidate":"ada"}""",
            """{"candidate":"ada","eventTime":"soon"}""",
            "",
            Vote("ada", "2024-11-05T08:01:00Z"),
            Vote("ada", "2024-11-05T08:02:00Z"),
        ]);

        Assert.Equal(
        [
            """{"reason":"not JSON","task":"in","topic":"in","partition":0,"offset":1,"key":null,"segmentId":"in/0/1","value":"not json at all"}""",
            """{"reason":"not an object","task":"in","topic":"in","partition":0,"offset":2,"key":null,"segmentId":"in/0/2","value":"[1,2,3]"}""",
            """{"reason":"window key \u0027eventTime\u0027 missing","task":"task","topic":"in","partition":0,"offset":3,"key":null,"segmentId":"in/0/3#0","value":"{\u0022candidate\u0022:\u0022ada\u0022}"}""",
            """{"reason":"window key \u0027eventTime\u0027 is not an ISO-8601 time or epoch milliseconds","task":"task","topic":"in","partition":0,"offset":4,"key":null,"segmentId":"in/0/4#0","value":"{\u0022candidate\u0022:\u0022ada\u0022,\u0022eventTime\u0022:\u0022soon\u0022}"}""",
        ], output.DeadLetters);
        Assert.Contains("""{"windowId":"per-hour","triggerId":"every-3","groupKey":"ada","lowerBound":"2024-11-05T08:00:00.000Z","upperBound":"2024-11-05T08:59:59.999Z","event":"segment","state":3}""", output.Firings);
        Assert.Equal(7, output.Summary.Segments);
        Assert.Equal(4, output.Summary.DeadLetters);
        Assert.Equal(0, output.Summary.Late);
    }

    [Fact]
    public async Task Segments_of_extents_closed_by_the_watermark_go_to_dead_letters_as_late_and_are_not_counted()
    {
        var time = new TimeSettings { MaxOutOfOrderness = TimeSpan.FromMinutes(1), AllowedLateness = TimeSpan.FromMinutes(5) };
        var job = Job([Fixed(Hour, id: "w", kind: WindowKeyKind.Time, key: "eventTime")], [Never()], time: time);
        // 10:05:59.999 puts the watermark at 10:04:59.999: the 09:00 hour (end 10:00, closing at 10:05) is still open.
        // 10:06 puts it at 10:05: the 09:00 hour has closed, whatever minute of it a segment has.
        var output = await SimulateAsync(job, [
            Vote("ada", "2024-11-05T10:05:59.999Z"),
            Vote("ada", "2024-11-05T09:00:00Z"),
            Vote("ada", "2024-11-05T10:06:00Z"),
            Vote("ada", "2024-11-05T09:59:59.999Z"),
            Vote("ada", "2024-11-05T10:00:00Z"),
        ]);

        Assert.Equal(["""{"reason":"late","task":"task","topic":"in","partition":0,"offset":3,"key":null,"segmentId":"in/0/3#0","value":"{\u0022candidate\u0022:\u0022ada\u0022,\u0022eventTime\u0022:\u00222024-11-05T09:59:59.999Z\u0022}"}"""], output.DeadLetters);
        Assert.Equal(1, output.Summary.Late);
        Assert.Equal(
        [
            """{"windowId":"w","triggerId":"never","groupKey":null,"lowerBound":"2024-11-05T09:00:00.000Z","upperBound":"2024-11-05T09:59:59.999Z","event":"completed","state":1}""",
            """{"windowId":"w","triggerId":"never","groupKey":null,"lowerBound":"2024-11-05T10:00:00.000Z","upperBound":"2024-11-05T10:59:59.999Z","event":"completed","state":3}""",
        ], output.Firings);
    }

    [Fact]
    public async Task A_repeated_uniqueness_key_is_counted_once()
    {
        var job = Job([Fixed(Hour, id: "w", kind: WindowKeyKind.Time, key: "eventTime")], [Never()],
            groupBy: ["candidate"], uniquenessKey: "voterId");
        var output = await SimulateAsync(job, [
            Vote("ada", "2024-11-05T10:00:00Z", "v1"),
            Vote("ada", "2024-11-05T10:05:00Z", "v1"),
            Vote("ada", "2024-11-05T10:06:00Z", "v2"),
            Vote("bob", "2024-11-05T10:07:00Z", "v1"),
            Vote("ada", "2024-11-05T10:08:00Z"),
        ]);

        Assert.Equal(["""{"reason":"uniqueness key \u0027voterId\u0027 missing","task":"task","topic":"in","partition":0,"offset":4,"key":null,"segmentId":"in/0/4","value":"{\u0022candidate\u0022:\u0022ada\u0022,\u0022eventTime\u0022:\u00222024-11-05T10:08:00Z\u0022}"}"""], output.DeadLetters);
        Assert.Equal(["\"ada\" 2", "\"bob\" 1"], output.Firings.Select(f => JsonNode.Parse(f)!).Select(f => $"{f["groupKey"]!.ToJsonString()} {f["state"]}"));
    }

    [Fact]
    public async Task Timers_fire_on_event_time_as_processing_time()
    {
        var job = Job([Fixed(Hour, id: "w", kind: WindowKeyKind.Time, key: "eventTime")], [OnTimer(TimeSpan.FromMinutes(10))]);
        var output = await SimulateAsync(job, [
            Vote("ada", "2024-11-05T10:01:00Z"),
            Vote("ada", "2024-11-05T10:09:00Z"),
            Vote("ada", "2024-11-05T10:10:00Z"),
            Vote("ada", "2024-11-05T10:35:00Z"),
        ]);

        Assert.Equal(["timer 3", "timer 4", "completed 4"],
            output.Firings.Select(f => JsonNode.Parse(f)!).Select(f => $"{f["event"]} {f["state"]}"));
    }

    [Fact]
    public async Task A_function_output_that_cannot_be_placed_is_dead_lettered_alone_as_in_production()
    {
        var registry = new JobRegistry().AddFunction("pair", s => [s, new JsonObject { ["candidate"] = "x" }]);
        var job = Job([Fixed(Hour, id: "w", kind: WindowKeyKind.Time, key: "eventTime")], [Never()], fn: "pair");
        var output = await SimulateAsync(job, [Vote("ada", "2024-11-05T10:00:00Z")], registry);

        Assert.Equal(["""{"reason":"window key \u0027eventTime\u0027 missing","task":"task","topic":"in","partition":0,"offset":0,"key":null,"segmentId":"in/0/0#1","value":"{\u0022candidate\u0022:\u0022x\u0022}"}"""], output.DeadLetters);
        var completed = Assert.Single(output.Firings);
        Assert.Contains("\"event\":\"completed\"", completed);
        Assert.Contains("\"state\":1", completed);
    }

    [Fact]
    public async Task Every_trigger_fires_completed_for_every_live_extent_when_the_input_ends()
    {
        var output = await SimulateAsync(Election(), [Vote("ada", "2024-11-05T10:00:00Z"), Vote("bob", "2024-11-05T10:20:00Z")]);
        var completed = output.Firings.Where(f => f.Contains("\"event\":\"completed\"")).ToList();
        // Per key: per-hour has 1 extent × 2 triggers, sliding 4 extents × 1 trigger, sessions 1 extent × 1 trigger.
        Assert.Equal(2 * (2 + 4 + 1), completed.Count);
        Assert.Equal(completed, output.Firings.TakeLast(completed.Count));
    }
}
