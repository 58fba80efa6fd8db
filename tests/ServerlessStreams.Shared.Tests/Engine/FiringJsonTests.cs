using System.Text.Json.Nodes;
using ServerlessStreams.Engine;
using ServerlessStreams.Segments;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Shared.Tests.Engine;

public class FiringJsonTests
{
    private static Firing Firing(double? lower, double? upper, GroupKey key, FiringEvent? firingEvent = null, JsonNode? state = null) => new()
    {
        WindowId = "w", TriggerId = "t", GroupKey = key, ExtentId = 1,
        LowerBound = lower, UpperBound = upper, Event = firingEvent ?? TriggerKind.Segment, State = state ?? JsonValue.Create(3L),
    };

    [Fact]
    public void Time_bounds_are_iso_8601_utc_with_milliseconds()
    {
        var json = FiringJson.ToJson(Firing(1_704_067_200_000, 1_704_070_799_999, GroupKey.From("ada")), WindowKeyKind.Time);
        Assert.Equal(
            """{"windowId":"w","triggerId":"t","groupKey":"ada","lowerBound":"2024-01-01T00:00:00.000Z","upperBound":"2024-01-01T00:59:59.999Z","event":"segment","state":3}""",
            json.ToJsonString());
    }

    [Fact]
    public void Epoch_zero_and_times_before_it_print_as_utc()
    {
        var json = FiringJson.ToJson(Firing(-1, 0, GroupKey.None), WindowKeyKind.Time);
        Assert.Equal("1969-12-31T23:59:59.999Z", json["lowerBound"]!.GetValue<string>());
        Assert.Equal("1970-01-01T00:00:00.000Z", json["upperBound"]!.GetValue<string>());
    }

    [Fact]
    public void Global_windows_have_null_bounds_and_no_group_key_is_null()
    {
        var json = FiringJson.ToJson(Firing(null, null, GroupKey.None), WindowKeyKind.Time);
        Assert.Equal("""{"windowId":"w","triggerId":"t","groupKey":null,"lowerBound":null,"upperBound":null,"event":"segment","state":3}""", json.ToJsonString());
    }

    [Fact]
    public void Numeric_window_keys_give_numeric_bounds()
    {
        var json = FiringJson.ToJson(Firing(10, 19, GroupKey.None), WindowKeyKind.Number);
        Assert.Equal("10", json["lowerBound"]!.ToJsonString());
        Assert.Equal("19", json["upperBound"]!.ToJsonString());
        Assert.Equal("2.5", FiringJson.ToJson(Firing(2.5, 3, GroupKey.None), WindowKeyKind.Number)["lowerBound"]!.ToJsonString());
    }

    [Fact]
    public void Composite_group_keys_are_arrays()
    {
        var key = GroupKey.From(new JsonArray("north", 7));
        Assert.Equal("""["north",7]""", FiringJson.ToJson(Firing(0, 9, key), WindowKeyKind.Number)["groupKey"]!.ToJsonString());
    }

    [Fact]
    public void The_state_is_a_copy()
    {
        var state = new JsonArray(new JsonObject { ["a"] = 1 });
        var json = FiringJson.ToJson(Firing(0, 9, GroupKey.None, state: state), WindowKeyKind.Number);
        state.Add(2);
        Assert.Equal("""[{"a":1}]""", json["state"]!.ToJsonString());
    }

    [Theory]
    [InlineData(TriggerKind.Segment, "segment")]
    [InlineData(TriggerKind.Timer, "timer")]
    [InlineData(TriggerKind.Punctuation, "punctuation")]
    [InlineData(TriggerKind.Watermark, "watermark")]
    [InlineData(TriggerKind.PercentileWatermark, "percentileWatermark")]
    [InlineData(null, "completed")]
    public void Events_are_named_in_camel_case(TriggerKind? kind, string name)
    {
        var firingEvent = kind is { } k ? FiringEvent.Of(k) : FiringEvent.Completed;
        Assert.Equal(name, FiringJson.ToJson(Firing(0, 9, GroupKey.None, firingEvent), WindowKeyKind.Number)["event"]!.GetValue<string>());
    }
}
