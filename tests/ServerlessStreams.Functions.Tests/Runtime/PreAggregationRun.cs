using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using ServerlessStreams.Durable.Entities;
using ServerlessStreams.Durable.Sinks;
using ServerlessStreams.Durable.Storage;
using ServerlessStreams.Durable.Storage.Memory;
using ServerlessStreams.Engine;
using ServerlessStreams.Functions.Hosting;
using ServerlessStreams.Functions.Runtime;
using ServerlessStreams.Registry;
using ServerlessStreams.Segments;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Functions.Tests.Runtime;

/// <summary>
/// One run of a random stream through both sides of task <c>agg</c>, with or without pre-aggregation. The stream and
/// every decision of the run (batch ends, crashes before a commit, replays, sweeps) come from a seed, so two runs that
/// differ only in pre-aggregation meet the same stream in the same way: producing batches of 1–40 records per origin
/// partition, a third of them lost before their commit and produced again with other ends; each producing attempt
/// followed by a consuming batch of everything new on the internal topic, optionally first a part of it lost before
/// its commit (<paramref name="consumerCrashes"/>), and now and then a zombie's replay of an older range; every few
/// attempts a sweep that moves processing time and the watermark and ticks every key. The watermark is the test's,
/// moved only by sweeps, so both runs apply under the same one.
/// </summary>
internal sealed class PreAggregationRun(JobSpec job, JobRegistry registry, bool preAggregate, bool consumerCrashes)
{
    public const string InternalTopic = "hot-agg-repartition";
    public static readonly string[] Keys = ["hot", "a", "b"];

    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeMilliseconds(1_790_000_000_000));
    private readonly TestWatermark _progress = new();
    private readonly RuntimeRig.CapturingPublisher _publisher = new(null);
    private readonly List<KafkaEventRecord> _internal = [];
    private int _relayed;

    public InMemoryWindowEntityStore Store { get; } = new();
    public SortedSet<string> Firings { get; } = new(StringComparer.Ordinal);
    public SortedSet<string> DeadLetters { get; } = new(StringComparer.Ordinal);
    public int InternalRecords => _internal.Count;
    public int PartialRecordCount => _internal.Count(r => PartialRecords.OriginOf(r) is not null);
    public int Transactions { get; private set; }
    public IReadOnlyDictionary<(string Topic, int Partition, int Via), double> LaneMaxima => _progress.Maxima;

    public async Task RunAsync(int seed, int recordsPerPartition)
    {
        var runtime = new JobRuntime(job, registry, new JobRuntimeServices
        {
            Store = Store,
            Views = new InMemoryViewStore(),
            RecordTables = new InMemoryRecordTableStore(),
            Publisher = _publisher,
            Progress = _progress,
            Time = _time,
        }, new JobRuntimeOptions { PreAggregate = preAggregate });
        var stream = new Random(seed);
        var records = Enumerable.Range(0, 2).Select(p => Enumerable.Range(0, recordsPerPartition).Select(o => Record(stream, p, o)).ToArray()).ToArray();
        var plan = new Random(seed + 1);
        var consuming = new Random(seed + 2);
        var committed = new int[2];
        var consumed = 0;
        var attempts = 0;
        double largestTime = 0;
        while (committed.Any(c => c < recordsPerPartition))
        {
            var partition = committed[0] >= recordsPerPartition ? 1 : committed[1] >= recordsPerPartition ? 0 : plan.Next(2);
            var start = committed[partition];
            var end = Math.Min(recordsPerPartition, start + plan.Next(1, 41));
            var batch = records[partition][start..end];
            var produced = await runtime.ProcessAsync("in", batch, default);
            foreach (var letter in produced.DeadLetters) DeadLetters.Add(Describe(letter));
            largestTime = Math.Max(largestTime, batch.Max(r => r.Timestamp));
            if (plan.NextDouble() >= 0.35) committed[partition] = end;
            consumed = await ConsumeAsync(runtime, consuming, consumed);
            if (++attempts % 4 == 0) await SweepAsync(runtime, plan, largestTime);
        }
        await SweepAsync(runtime, plan, largestTime);
    }

    /// <summary>Applies the internal records from <paramref name="committed"/> on, as the keyed function's batches would.</summary>
    private async Task<int> ConsumeAsync(JobRuntime runtime, Random consuming, int committed)
    {
        Relay();
        var end = _internal.Count;
        // As many draws every time, so both runs decide alike however many records each has.
        var crash = consuming.NextDouble() < 0.4;
        var cut = consuming.NextDouble();
        var replay = consuming.NextDouble() < 0.2;
        var replayFrom = consuming.NextDouble();
        if (end == committed) return committed;
        if (consumerCrashes && crash)
            await ApplyAsync(runtime, committed, committed + Math.Max(1, (int)(cut * (end - committed))));
        await ApplyAsync(runtime, committed, end);
        if (replay) await ApplyAsync(runtime, (int)(replayFrom * committed), end);
        return end;
    }

    private async Task ApplyAsync(JobRuntime runtime, int from, int to)
    {
        var outcome = await runtime.ProcessRepartitionedAsync("agg", _internal[from..to], default);
        Transactions += outcome.Transactions;
        foreach (var firing in outcome.Firings) Firings.Add(Describe(firing));
        foreach (var letter in outcome.DeadLetters.Concat(outcome.Late)) DeadLetters.Add(Describe(letter));
    }

    private async Task SweepAsync(JobRuntime runtime, Random plan, double largestTime)
    {
        _time.Advance(TimeSpan.FromMilliseconds(plan.Next(0, 15_000)));
        _progress.Watermark = largestTime - plan.Next(0, 30_000);
        foreach (var key in Keys)
        {
            var result = await runtime.Appliers["agg"].TickAsync(GroupKey.From(JsonValue.Create(key)), _progress.Watermark, default);
            Transactions += result.Transactions;
            foreach (var firing in result.Firings) Firings.Add(Describe(firing));
        }
    }

    /// <summary>The new internal records, as the internal topic's one partition holds them.</summary>
    private void Relay()
    {
        for (; _relayed < _publisher.Records.Count; _relayed++)
        {
            var record = _publisher.Records[_relayed];
            if (record.Topic != InternalTopic) continue;
            var headers = new List<KafkaHeader>();
            if (record.Id is { } id) headers.Add(new KafkaHeader(SegmentId.HeaderName, Encoding.UTF8.GetBytes(id.Value)));
            headers.AddRange(record.Headers.Select(h => new KafkaHeader(h.Key, h.Value)));
            _internal.Add(new KafkaEventRecord(record.Topic, 0, _internal.Count, 0, record.Key, Encoding.UTF8.GetString(record.Value.Span), [.. headers]));
        }
    }

    /// <summary>The stored window state of every key: extent rows and the meta row's state and high-water marks.</summary>
    public async Task<string> StatesAsync()
    {
        var text = new StringBuilder();
        foreach (var key in Keys)
        {
            var snapshot = await Store.LoadAsync(EntityKey.Of(job.Name, "agg", GroupKey.From(JsonValue.Create(key))), [], default);
            text.Append(key).Append(": ");
            if (snapshot.Meta is { } meta)
            {
                var data = JsonNode.Parse(meta.Data)!;
                text.Append(data["state"]?.ToJsonString()).Append(' ').Append(data["hwm"]?.ToJsonString());
            }
            foreach (var row in snapshot.Extents.OrderBy(r => r.RowKey, StringComparer.Ordinal)) text.Append(' ').Append(row.RowKey).Append('=').Append(row.Data);
            text.AppendLine();
        }
        return text.ToString();
    }

    /// <summary>
    /// A random record: key mostly "hot"; <c>v</c> a number, sometimes null, missing or not a number; <c>n</c> a
    /// number, sometimes missing; <c>time</c> an epoch or ISO time a little out of order, sometimes missing (the
    /// record's timestamp stands in); <c>copies</c> how many results the task's function makes of it (0–2).
    /// </summary>
    private static KafkaEventRecord Record(Random random, int partition, int offset)
    {
        var o = new JsonObject { ["k"] = random.NextDouble() < 0.85 ? "hot" : Keys[random.Next(1, 3)] };
        var v = random.NextDouble();
        if (v < 0.05) o["v"] = null;
        else if (v < 0.08) o["v"] = "many";
        else if (v >= 0.1) o["v"] = random.Next(-50, 100) + (random.NextDouble() < 0.3 ? 0.25 : 0);
        if (random.NextDouble() >= 0.03) o["n"] = random.Next(0, 60);
        var timestamp = 1_790_000_000_000L + offset * 1_000L;
        var time = timestamp - random.Next(0, 20_000);
        var t = random.NextDouble();
        if (t < 0.3) o["time"] = DateTimeOffset.FromUnixTimeMilliseconds(time).ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        else if (t < 0.95) o["time"] = time;
        var c = random.NextDouble();
        o["copies"] = c < 0.05 ? 0 : c < 0.85 ? 1 : 2;
        return new KafkaEventRecord("events", partition, offset, timestamp, null, o.ToJsonString());
    }

    /// <summary>The task's function: <c>copies</c> results, the second with <c>v</c> and <c>n</c> changed.</summary>
    public static JobRegistry Registry() => new JobRegistry().AddFunction("spread", segment =>
    {
        var copies = segment["copies"]!.GetValue<int>();
        var results = new List<JsonObject>();
        if (copies >= 1) results.Add(segment);
        if (copies >= 2)
        {
            var second = (JsonObject)segment.DeepClone();
            if (second["v"] is JsonValue v && v.TryGetValue(out double number)) second["v"] = number + 1;
            if (second["n"] is JsonValue n && n.TryGetValue(out int at)) second["n"] = at + 7;
            results.Add(second);
        }
        return results;
    });

    private static string Describe(Firing f) =>
        $"{f.WindowId} {f.TriggerId} {f.GroupKey} {f.ExtentId} {f.LowerBound} {f.UpperBound} {f.Event} v{f.Version} {f.State?.ToJsonString()}";

    private static string Describe(DeadLetter d) => $"{d.Reason} {d.Task} {d.Source} {d.SegmentId} {d.Value}";

    /// <summary>The watermark the test sets at each sweep; what the keyed side reports is kept per lane.</summary>
    private sealed class TestWatermark : IProgressTracker
    {
        public double? Watermark { get; set; }
        public Dictionary<(string Topic, int Partition, int Via), double> Maxima { get; } = [];

        public Task<double?> WatermarkAsync(string task, CancellationToken ct) => Task.FromResult(Watermark);

        public Task ReportAsync(string task, IReadOnlyDictionary<(string Topic, int Partition), double> maxEventTimes, CancellationToken ct) =>
            Task.CompletedTask;

        public Task ReportRepartitionedAsync(string task, string internalTopic,
            IReadOnlyDictionary<(string Topic, int Partition, int Via), double> maxEventTimes, CancellationToken ct)
        {
            foreach (var (lane, time) in maxEventTimes) Maxima[lane] = Maxima.TryGetValue(lane, out var seen) ? Math.Max(seen, time) : time;
            return Task.CompletedTask;
        }
    }
}
