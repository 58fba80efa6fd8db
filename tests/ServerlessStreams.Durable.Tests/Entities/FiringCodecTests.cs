using System.Text.Json.Nodes;
using ServerlessStreams.Durable.Entities;
using ServerlessStreams.Engine;
using ServerlessStreams.Segments;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Durable.Tests.Entities;

/// <summary>Pending firings live in meta rows across deployments, so how each event is stored is pinned here.</summary>
public class FiringCodecTests
{
    private static Firing Firing(FiringEvent firingEvent) => new()
    {
        WindowId = "w", TriggerId = "t", GroupKey = new GroupKey("\"ada\""), ExtentId = 7,
        LowerBound = 0, UpperBound = 59_999, Event = firingEvent, Version = 2,
    };

    private static FiringEvent Event(string name) => FiringEvent.Parse(name);

    private static JsonArray Stored(IReadOnlyList<Firing> firings) => JsonNode.Parse(FiringCodec.Save(firings).ToString())!.AsArray();

    [Fact]
    public void A_firing_is_stored_as_rows_have_always_held_it_nulls_and_state_included()
    {
        var open = Firing(FiringEvent.Of(TriggerKind.Watermark)) with { LowerBound = null, State = JsonNode.Parse("""{"n":3,"ü":[1.5]}""") };
        var closed = Firing(Event("segment"));
        var asAlwaysWritten = new JsonArray(
            new JsonObject { ["w"] = "w", ["t"] = "t", ["k"] = "\"ada\"", ["x"] = 7L, ["lo"] = null, ["hi"] = 59_999d, ["e"] = 3, ["s"] = JsonNode.Parse("""{"n":3,"ü":[1.5]}"""), ["v"] = 2L },
            new JsonObject { ["w"] = "w", ["t"] = "t", ["k"] = "\"ada\"", ["x"] = 7L, ["lo"] = 0d, ["hi"] = 59_999d, ["e"] = 0, ["s"] = null, ["v"] = 2L });

        Assert.Equal(asAlwaysWritten.ToJsonString(), FiringCodec.Save([open, closed]).ToString());
    }

    [Fact]
    public void Firings_appended_chunk_by_chunk_are_stored_as_all_of_them_at_once()
    {
        var firings = FiringEvent.All.Select(Firing).ToList();
        var pending = PendingFirings.Empty;
        foreach (var chunk in firings.Chunk(2)) pending = pending.Append(chunk);

        Assert.Equal(FiringCodec.Save(firings).ToString(), pending.ToString());
        Assert.Equal(firings.Count, pending.Count);
        Assert.Equal(firings, PendingFirings.From(JsonNode.Parse(pending.ToString())).Load());
        Assert.Equal(0, PendingFirings.From(null).Count);
    }

    // State is left out so firings compare by value. The numbers rows have always held; an event added later is stored by its name.
    [Theory]
    [InlineData("segment", "0")]
    [InlineData("timer", "1")]
    [InlineData("punctuation", "2")]
    [InlineData("watermark", "3")]
    [InlineData("percentileWatermark", "4")]
    [InlineData("completed", "5")]
    public void An_event_is_stored_as_rows_have_always_held_it(string name, string stored)
    {
        Assert.Equal(stored, Stored([Firing(Event(name))])[0]!["e"]!.ToJsonString());
    }

    [Fact]
    public void Every_event_is_stored_by_its_fixed_number_or_else_by_its_name()
    {
        Assert.All(FiringEvent.All, e =>
        {
            var stored = Stored([Firing(e)])[0]!["e"]!.ToJsonString();
            var number = Array.IndexOf(FiringCodec.LegacyEventNumbers, e.Name);
            Assert.Equal(number >= 0 ? number.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"\"{e.Name}\"", stored);
        });
    }

    [Fact]
    public void The_fixed_numbers_never_change()
    {
        Assert.Equal(["segment", "timer", "punctuation", "watermark", "percentileWatermark", "completed"], FiringCodec.LegacyEventNumbers);
    }

    [Fact]
    public void Every_event_reads_back_as_it_was_saved()
    {
        var firings = FiringEvent.All.Select(Firing).ToList();
        Assert.Equal(firings, FiringCodec.Load(JsonNode.Parse(FiringCodec.Save(firings).ToString())));
    }

    [Fact]
    public void A_row_stored_before_events_were_trigger_kinds_reads_the_same()
    {
        var row = JsonNode.Parse("""
            [{"w":"w","t":"t","k":"\"ada\"","x":7,"lo":0,"hi":59999,"e":3,"v":2},
             {"w":"w","t":"t","k":"\"ada\"","x":7,"lo":0,"hi":59999,"e":4,"v":2},
             {"w":"w","t":"t","k":"\"ada\"","x":7,"lo":0,"hi":59999,"e":5,"v":2}]
            """);
        var loaded = FiringCodec.Load(row);
        Assert.Equal([FiringEvent.Of(TriggerKind.Watermark), FiringEvent.Of(TriggerKind.PercentileWatermark), FiringEvent.Completed], loaded.Select(f => f.Event));
        Assert.Equal(Firing(TriggerKind.Watermark), loaded[0]);
    }

    [Fact]
    public void An_event_stored_by_name_reads_back()
    {
        var row = JsonNode.Parse("""[{"w":"w","t":"t","k":"\"ada\"","x":7,"lo":0,"hi":59999,"e":"timer","v":2}]""");
        Assert.Equal(TriggerKind.Timer, Assert.Single(FiringCodec.Load(row)).Event.Kind);
    }

    [Theory]
    [InlineData("6")]
    [InlineData("-1")]
    [InlineData("\"tumbling\"")]
    public void An_unknown_stored_event_is_refused(string stored)
    {
        var row = JsonNode.Parse($$"""[{"w":"w","t":"t","k":"\"ada\"","x":7,"e":{{stored}},"v":2}]""");
        Assert.ThrowsAny<Exception>(() => FiringCodec.Load(row));
    }
}
