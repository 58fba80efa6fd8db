using System.Text.Json.Nodes;
using ServerlessStreams.Engine;
using ServerlessStreams.Segments;
using ServerlessStreams.Shared.Tests.Support;
using ServerlessStreams.Spec;
using static ServerlessStreams.Shared.Tests.Support.TestJobs;

namespace ServerlessStreams.Shared.Tests.Engine;

/// <summary>The per-key state machine: placing, aggregating, late and rejected segments.</summary>
public partial class WindowStateMachineTests
{
    private const double Minute = 60_000;
    private static readonly GroupKey Key = GroupKey.None;

    private static (WindowStateMachine Machine, KeyState State) Start(JobSpec job)
    {
        var machine = Machine(job);
        return (machine, machine.NewState());
    }

    private static string[] Apply(WindowStateMachine machine, KeyState state, IReadOnlyList<Segment> segments,
        double now = 0, double? watermark = null) =>
        FiringAssertions.Lines(machine.Apply(state, Key, segments, now, watermark).Firings);

    private static string[] Completed(WindowStateMachine machine, KeyState state) =>
        FiringAssertions.Lines(machine.Complete(state, Key).Firings);

    [Fact]
    public void Completion_fires_every_live_extent_in_id_order()
    {
        var (machine, state) = Start(Job(Fixed(10), Never()));
        Apply(machine, state, TestSegments.At(25, 3, 9, 10, 29));
        Assert.Equal(["never completed [0,9] 2", "never completed [10,19] 1", "never completed [20,29] 2"], Completed(machine, state));
    }

    [Fact]
    public void A_sliding_window_counts_a_segment_in_every_extent_it_belongs_to()
    {
        var (machine, state) = Start(Job(Sliding(10, 5), Never()));
        Apply(machine, state, TestSegments.At(0, 4, 5, 12));
        Assert.Equal(
            ["never completed [0,4] 2", "never completed [0,9] 3", "never completed [5,14] 2", "never completed [10,19] 1"],
            Completed(machine, state));
    }

    [Fact]
    public void A_global_window_has_one_extent_with_open_bounds()
    {
        var (machine, state) = Start(Job(Global(key: null), Never()));
        Apply(machine, state, [TestSegments.Of("{}"), TestSegments.Of("""{"x":1}""")]);
        Assert.Equal(["never completed [-,-] 2"], Completed(machine, state));
    }

    [Fact]
    public void A_task_with_two_windows_keeps_each_window_and_its_triggers_apart()
    {
        var job = Job(
            [Fixed(10, id: "count"), Fixed(100, new AggregationSpec(AggregationKind.Sum, "x"), id: "sum")],
            [OnSegments(2, windowId: "count", id: "c2"), Never(windowId: "sum")]);
        var (machine, state) = Start(job);
        var firings = Apply(machine, state, [TestSegments.Of("""{"t":1,"x":5}"""), TestSegments.Of("""{"t":15,"x":7}""")]);
        Assert.Equal(["c2 segment [10,19] 1"], firings);
        Assert.Equal(["c2 completed [0,9] 1", "c2 completed [10,19] 1", "never completed [0,99] 12"], Completed(machine, state));
    }

    [Fact]
    public void Time_keys_accept_iso_strings_and_epoch_milliseconds()
    {
        var (machine, state) = Start(Job(Fixed(Minute, kind: WindowKeyKind.Time), Never()));
        Apply(machine, state, [
            TestSegments.Of("""{"t":"1970-01-01T00:00:59.999Z"}"""),
            TestSegments.Of("""{"t":59999}"""),
            TestSegments.Of("""{"t":"1970-01-01T01:00:30+01:00"}"""),
        ]);
        Assert.Equal(["never completed [0,59999] 3"], Completed(machine, state));
    }

    [Fact]
    public void A_time_key_missing_from_the_payload_falls_back_to_the_record_timestamp()
    {
        var (machine, state) = Start(Job(Fixed(Minute, kind: WindowKeyKind.Time), Never()));
        var result = machine.Apply(state, Key, [TestSegments.Of("{}", timestamp: 61_000)], 0, null);
        Assert.Empty(result.Rejected);
        Assert.Equal(["never completed [60000,119999] 1"], Completed(machine, state));
    }

    [Fact]
    public void Window_keys_built_in_csharp_as_integers_are_read()
    {
        var (machine, state) = Start(Job(Fixed(Minute, kind: WindowKeyKind.Time), Never()));
        var result = machine.Apply(state, Key, [TestSegments.Of(new JsonObject { ["t"] = 61_000L }), TestSegments.Of(new JsonObject { ["t"] = 1 })], 0, null);
        Assert.Empty(result.Rejected);
        Assert.Equal(["never completed [0,59999] 1", "never completed [60000,119999] 1"], Completed(machine, state));
    }

    [Theory]
    [InlineData(WindowKeyKind.Number, """{"x":1}""", "window key 't' missing")]
    [InlineData(WindowKeyKind.Number, """{"t":null}""", "window key 't' missing")]
    [InlineData(WindowKeyKind.Number, """{"t":"12"}""", "window key 't' is not a number")]
    [InlineData(WindowKeyKind.Time, """{"t":"yesterday"}""", "window key 't' is not an ISO-8601 time or epoch milliseconds")]
    [InlineData(WindowKeyKind.Time, """{"t":true}""", "window key 't' is not an ISO-8601 time or epoch milliseconds")]
    [InlineData(WindowKeyKind.Time, """{"t":1e300}""", "window key 't' is out of range: 1E+300 epoch milliseconds is outside the years 0001 to 9999")]
    [InlineData(WindowKeyKind.Number, """{"t":1e300}""", "window key 't' is out of range: 1E+300 is beyond ±2^53")]
    [InlineData(WindowKeyKind.Number, """{"t":-1}""", "window key 't' is below window 'w' minValue")]
    public void A_segment_that_cannot_be_placed_is_rejected_with_the_reason_and_the_batch_goes_on(WindowKeyKind kind, string payload, string reason)
    {
        var (machine, state) = Start(Job(Fixed(10, kind: kind), Never()));
        var bad = TestSegments.Of(payload, offset: 1);
        var result = machine.Apply(state, Key, [TestSegments.Of("""{"t":1}""", 0), bad, TestSegments.Of("""{"t":2}""", 2)], 0, null);

        var rejected = Assert.Single(result.Rejected);
        Assert.Same(bad, rejected.Segment);
        Assert.Equal(reason, rejected.Reason);
        Assert.Equal(2, result.Applied);
        Assert.Equal(["never completed [0,9] 2"], Completed(machine, state));
    }

    [Fact]
    public void A_segment_whose_aggregated_field_is_not_a_number_is_rejected()
    {
        var (machine, state) = Start(Job(Fixed(10, new AggregationSpec(AggregationKind.Sum, "x")), Never()));
        var result = machine.Apply(state, Key, [TestSegments.Of("""{"t":1,"x":"many"}"""), TestSegments.Of("""{"t":1,"x":2}""")], 0, null);
        Assert.Equal("field 'x' is not a number", Assert.Single(result.Rejected).Reason);
        Assert.Equal(["never completed [0,9] 2"], Completed(machine, state));
    }

    [Fact]
    public void Validate_gives_the_rejection_reason_without_touching_state()
    {
        var (machine, state) = Start(Job(Fixed(10), Never()));
        Assert.Equal("window key 't' missing", machine.Validate(TestSegments.Of("{}")));
        Assert.Null(machine.Validate(TestSegments.Of("""{"t":3}""")));
        Assert.Empty(state.Extents);
    }

    [Theory]
    [InlineData(AggregationKind.Sum, "12")]
    [InlineData(AggregationKind.Min, "-3")]
    [InlineData(AggregationKind.Max, "10")]
    [InlineData(AggregationKind.Average, "4")]
    [InlineData(AggregationKind.DistinctCount, "3")]
    public void Field_aggregations_skip_missing_and_null_fields(AggregationKind kind, string expected)
    {
        var (machine, state) = Start(Job(Fixed(10, new AggregationSpec(kind, "x")), Never()));
        Apply(machine, state, [
            TestSegments.Of("""{"t":1,"x":10}"""),
            TestSegments.Of("""{"t":2}"""),
            TestSegments.Of("""{"t":3,"x":null}"""),
            TestSegments.Of("""{"t":4,"x":-3}"""),
            TestSegments.Of("""{"t":5,"x":5}"""),
        ]);
        Assert.Equal([$"never completed [0,9] {expected}"], Completed(machine, state));
    }

    [Fact]
    public void Collect_reports_the_segments_in_arrival_order()
    {
        var (machine, state) = Start(Job(Fixed(10, AggregationSpec.Collect), Never()));
        Apply(machine, state, [TestSegments.Of("""{"t":5,"n":0}"""), TestSegments.Of("""{"t":1,"n":1}""")]);
        Assert.Equal(["""never completed [0,9] [{"t":5,"n":0},{"t":1,"n":1}]"""], Completed(machine, state));
    }

    [Fact]
    public void A_segment_whose_extents_all_ended_before_the_watermark_less_lateness_is_late_and_not_applied()
    {
        var time = new TimeSettings { AllowedLateness = TimeSpan.FromSeconds(10) };
        var job = Job([Fixed(Minute, kind: WindowKeyKind.Time)], [Never()], time: time);
        var (machine, state) = Start(job);
        // [0, 59999] ends at 60000; with 10 s of lateness it closes when the watermark reaches 70000.
        var late = TestSegments.Of("""{"t":59999}""", 1);
        var allowed = TestSegments.Of("""{"t":59999}""", 2);
        var onTime = TestSegments.Of("""{"t":90000}""", 3);

        var open = machine.Apply(state, Key, [allowed], now: 0, watermark: 69_999);
        var result = machine.Apply(state, Key, [late, onTime], now: 0, watermark: 70_000);

        Assert.False(open.HasLate);
        Assert.True(result.HasLate);
        Assert.Same(late, Assert.Single(result.Late));
        Assert.False(result.HasRejected);
        Assert.Empty(result.Rejected);
        Assert.Equal(1, result.Applied);
        Assert.Equal(["never completed [0,59999] 1", "never completed [60000,119999] 1"], Completed(machine, state));
    }

    [Fact]
    public void A_late_segment_with_a_bad_field_is_reported_late_so_it_reaches_the_late_sink()
    {
        var job = Job([Fixed(Minute, new AggregationSpec(AggregationKind.Sum, "x"), kind: WindowKeyKind.Time)], [Never()],
            time: new TimeSettings { AllowedLateness = TimeSpan.Zero });
        var (machine, state) = Start(job);
        var result = machine.Apply(state, Key, [TestSegments.Of("""{"t":1000,"x":"bad"}""")], now: 0, watermark: 100_000);
        Assert.Single(result.Late);
        Assert.Empty(result.Rejected);
    }

    [Fact]
    public void The_step_result_names_the_extents_it_changed()
    {
        var (machine, state) = Start(Job(Sliding(10, 5), Never()));
        var result = machine.Apply(state, Key, TestSegments.At(7), 0, null);
        Assert.Equal([new ExtentKey(0, 1), new ExtentKey(0, 2)], result.Changed.Order());
        Assert.Empty(result.Removed);
    }
}
