using System.Text.Json.Nodes;
using ServerlessStreams.Engine;
using ServerlessStreams.Segments;
using ServerlessStreams.Shared.Tests.Support;
using ServerlessStreams.Spec;
using static ServerlessStreams.Shared.Tests.Support.TestJobs;

namespace ServerlessStreams.Shared.Tests.Engine;

public class KeyStateCodecTests
{
    private static readonly GroupKey Key = GroupKey.From("k");

    /// <summary>Saves, writes as text, parses and loads: what a round trip through the store does.</summary>
    private static KeyState RoundTrip(KeyStateCodec codec, KeyState state) =>
        codec.Load(JsonNode.Parse(codec.Save(state).ToJsonString())!.AsObject());

    private static JobSpec EveryKind() => Job(
        [
            Fixed(10, id: "fixed"),
            Sliding(10, 5, new AggregationSpec(AggregationKind.Average, "x"), id: "sliding"),
            Session(5, AggregationSpec.Collect, id: "session"),
            Global(new AggregationSpec(AggregationKind.DistinctCount, "x"), id: "global"),
            Fixed(10, new AggregationSpec(AggregationKind.Min, "x"), id: "min"),
        ],
        [
            OnSegments(3, windowId: "fixed"), OnTimer(TimeSpan.FromMilliseconds(50), windowId: "fixed"),
            OnWatermark(windowId: "sliding"), OnPercentile(0.5, windowId: "session"),
            OnSegments(4, windowId: "global", id: "seg4", refinement: Refinement.Discarding), Never("min"),
        ]);

    private static Segment[] Stream(int from, int count) =>
        Enumerable.Range(from, count)
            .Select(i => TestSegments.Of($$"""{"t":{{(i * 7) % 31}},"x":{{(i % 4 == 0 ? "null" : (i % 5).ToString())}},"n":{{i}}}""", i))
            .ToArray();

    [Fact]
    public void A_loaded_state_behaves_exactly_like_the_saved_one()
    {
        var machine = Machine(EveryKind());
        var codec = new KeyStateCodec(machine.Task);
        var kept = machine.NewState();
        var reloaded = machine.NewState();
        var firingsKept = new List<string>();
        var firingsReloaded = new List<string>();

        for (var batch = 0; batch < 6; batch++)
        {
            var segments = Stream(batch * 5, 5);
            var now = batch * 20.0;
            double? watermark = batch * 4.0;
            firingsKept.AddRange(FiringAssertions.Lines(machine.Apply(kept, Key, segments, now, watermark).Firings));
            reloaded = RoundTrip(codec, reloaded);
            firingsReloaded.AddRange(FiringAssertions.Lines(machine.Apply(reloaded, Key, segments, now, watermark).Firings));
        }
        reloaded = RoundTrip(codec, reloaded);
        firingsKept.AddRange(FiringAssertions.Lines(machine.Complete(kept, Key).Firings));
        firingsReloaded.AddRange(FiringAssertions.Lines(machine.Complete(reloaded, Key).Firings));

        Assert.NotEmpty(firingsKept);
        Assert.Equal(firingsKept, firingsReloaded);
        Assert.Equal(codec.Save(kept).ToJsonString(), codec.Save(reloaded).ToJsonString());
    }

    [Fact]
    public void Save_load_save_gives_the_same_document()
    {
        var machine = Machine(EveryKind());
        var codec = new KeyStateCodec(machine.Task);
        var state = machine.NewState();
        machine.Apply(state, Key, Stream(0, 12), 5, 3);
        var loaded = RoundTrip(codec, state);
        Assert.Equal(codec.Save(state).ToJsonString(), codec.Save(loaded).ToJsonString());
    }

    [Fact]
    public void The_meta_part_keeps_counters_and_timers_by_trigger_id()
    {
        var machine = Machine(EveryKind());
        var codec = new KeyStateCodec(machine.Task);
        var state = machine.NewState();
        machine.Apply(state, Key, Stream(0, 2), now: 7, watermark: null);
        var meta = codec.SaveMeta(state);
        Assert.Equal(1, meta["v"]!.GetValue<int>());
        Assert.Equal(2, meta["counts"]!["seg"]!.GetValue<long>());
        Assert.Equal(50, meta["timers"]!["timer"]!.GetValue<double>());
        Assert.Equal(2, meta["arrival"]!.GetValue<long>());
    }

    [Fact]
    public void Writing_the_meta_part_gives_the_text_of_saving_it()
    {
        var machine = Machine(EveryKind());
        var codec = new KeyStateCodec(machine.Task);
        var state = machine.NewState();
        machine.Apply(state, Key, Stream(0, 5), now: 7, watermark: null);

        var written = ReusableJsonWriter.Write(state, codec.WriteMeta);

        Assert.Equal(codec.SaveMeta(state).ToJsonString(), written);
        Assert.Equal(state.NextArrival, codec.LoadMeta(JsonNode.Parse(written)).NextArrival);
    }

    [Fact]
    public void Writing_an_extent_gives_the_text_of_saving_it()
    {
        // Every kind of window and aggregation, sessions with bounds, extents with and without fired triggers.
        var machine = Machine(EveryKind());
        var codec = new KeyStateCodec(machine.Task);
        var state = machine.NewState();
        machine.Apply(state, Key, Stream(0, 20), now: 70, watermark: 12);

        Assert.Contains(state.Extents.Values, e => e.Lower is not null);
        Assert.Contains(state.Extents.Values, e => machine.Task.Windows.Any(w => w.Triggers.Any(e.HasFired)));
        foreach (var (key, extent) in state.Extents)
            Assert.Equal(codec.SaveExtent(key, extent).ToJsonString(), codec.ExtentJson(key, extent));
    }

    [Fact]
    public void A_missing_meta_gives_a_fresh_state()
    {
        var machine = Machine(EveryKind());
        var state = new KeyStateCodec(machine.Task).LoadMeta(null);
        Assert.Empty(state.Extents);
        Assert.Equal(0, state.NextArrival);
    }

    [Theory]
    [InlineData("""{"v":2}""", "window state has schema version 2; this engine reads version 1")]
    [InlineData("{}", "window state has schema version 0; this engine reads version 1")]
    [InlineData("""{"v":"1"}""", "window state has schema version 0; this engine reads version 1")]
    public void Another_schema_version_is_refused(string meta, string message)
    {
        var codec = new KeyStateCodec(Machine(EveryKind()).Task);
        var error = Assert.Throws<InvalidDataException>(() => codec.LoadMeta(JsonNode.Parse(meta)));
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void An_extent_of_another_schema_version_is_refused()
    {
        var machine = Machine(EveryKind());
        var codec = new KeyStateCodec(machine.Task);
        var error = Assert.Throws<InvalidDataException>(() =>
            codec.LoadExtent(machine.NewState(), "fixed", 0, JsonNode.Parse("""{"v":9,"acc":1}""")!));
        Assert.Contains("schema version 9", error.Message);
    }

    [Fact]
    public void An_extent_of_an_unknown_window_is_named()
    {
        var machine = Machine(EveryKind());
        var codec = new KeyStateCodec(machine.Task);
        var error = Assert.Throws<InvalidDataException>(() =>
            codec.LoadExtent(machine.NewState(), "gone", 0, JsonNode.Parse("""{"v":1,"acc":1}""")!));
        Assert.Equal("stored extent of unknown window 'gone' in task 'task'", error.Message);
    }

    [Fact]
    public void A_watermark_firing_survives_a_reload_so_it_does_not_fire_twice()
    {
        var machine = Machine(Job(Fixed(10), OnWatermark()));
        var codec = new KeyStateCodec(machine.Task);
        var state = machine.NewState();
        machine.Apply(state, Key, TestSegments.At(1), 0, null);
        Assert.Single(machine.Tick(state, Key, 0, 9).Firings);
        var saved = codec.SaveExtent(new ExtentKey(0, 0), state.Extents[new ExtentKey(0, 0)]);
        Assert.Equal("""["wm"]""", saved["fired"]!.ToJsonString());
        Assert.Empty(machine.Tick(RoundTrip(codec, state), Key, 0, 20).Firings);
    }
}
