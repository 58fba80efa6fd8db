using CsCheck;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Shared.Tests.Spec;

/// <summary>Random valid jobs: one input, one function with windows and triggers of every kind, one output.</summary>
internal static class JobSpecGenerators
{
    private static readonly Gen<AggregationSpec> Aggregation = Gen.OneOf(
        AggregationSpec.Count, AggregationSpec.Collect, AggregationSpec.Sum("a"), AggregationSpec.Min("a"),
        AggregationSpec.Max("a"), AggregationSpec.Average("a"), AggregationSpec.DistinctCount("a"));

    // Any tick count, so lengths that are not whole milliseconds are written and read back too.
    private static readonly Gen<TimeSpan> Length = Gen.Long[1, TimeSpan.FromDays(3650).Ticks].Select(TimeSpan.FromTicks);

    private static readonly Gen<double> Units = Gen.Double[0.001, 1e9];

    private static readonly Gen<SyncSpec?> Sync = Gen.OneOf<SyncSpec?>(null, SyncSpec.ToTable("Views"), SyncSpec.ToTopic("views"));

    private static readonly Gen<Action<JobBuilder, string>> Window = Gen.OneOf(
        Gen.Select(Aggregation, Length, Gen.Long[-1_000_000, 1_000_000], (a, range, min) =>
            (Action<JobBuilder, string>)((b, id) => b.FixedWindow(id, "fn", a, "t", range, minValue: min))),
        Gen.Select(Aggregation, Length, Gen.Int[1, 10], (a, range, k) =>
            (Action<JobBuilder, string>)((b, id) => b.SlidingWindow(id, "fn", a, "t", range, TimeSpan.FromTicks(Math.Max(1, range.Ticks / k))))),
        Gen.Select(Aggregation, Units, Gen.Double[1, 10], (a, range, k) =>
            (Action<JobBuilder, string>)((b, id) => b.SlidingWindow(id, "fn", a, "n", range, range / k))),
        Gen.Select(Aggregation, Length, (a, gap) => (Action<JobBuilder, string>)((b, id) => b.SessionWindow(id, "fn", a, "t", gap))),
        Gen.Select(Aggregation, Units, (a, gap) => (Action<JobBuilder, string>)((b, id) => b.SessionWindow(id, "fn", a, "n", gap))),
        Aggregation.Select(a => (Action<JobBuilder, string>)((b, id) => b.GlobalWindow(id, "fn", a))));

    private static readonly Gen<Action<JobBuilder, string, string>> Trigger = Gen.Select(Gen.Bool, Gen.Enum<Refinement>(), Sync).SelectMany(
        options => Gen.OneOf(
            Gen.Long[1, 1_000_000].Select(n => (Action<JobBuilder, string, string>)((b, id, w) =>
                b.SegmentTrigger(id, w, n, options.Item1, options.Item2, options.Item3))),
            Length.Select(p => (Action<JobBuilder, string, string>)((b, id, w) =>
                b.TimerTrigger(id, w, p, options.Item1, options.Item2, options.Item3))),
            Gen.Int.Select(v => (Action<JobBuilder, string, string>)((b, id, w) =>
                b.PunctuationTrigger(id, w, PredicateSpec.FieldEqualsValue("v", v), options.Item1, options.Item2, options.Item3))),
            Gen.Const<Action<JobBuilder, string, string>>(((b, id, w) =>
                b.WatermarkTrigger(id, w, options.Item1, options.Item2, options.Item3))),
            Gen.Double[0.0001, 1].Select(p => (Action<JobBuilder, string, string>)((b, id, w) =>
                b.PercentileWatermarkTrigger(id, w, p, options.Item1, options.Item2, options.Item3)))));

    public static readonly Gen<JobSpec> Job = Gen.Select(Window.Array[1, 4], Trigger.Array[0, 6], Length, Length, (windows, triggers, lateness, retention) =>
    {
        var builder = JobBuilder.Create("job")
            .Flow("in", "fn", "out")
            .KafkaInput("in", topic: "in")
            .Function("fn", groupByKey: ["k"])
            .KafkaOutput("out", topic: "out")
            .Time(allowedLateness: lateness)
            .DedupeRetention(retention);
        for (var i = 0; i < windows.Length; i++) windows[i](builder, $"w{i}");
        for (var i = 0; i < triggers.Length; i++) triggers[i](builder, $"t{i}", $"w{i % windows.Length}");
        return builder.Build();
    });
}
