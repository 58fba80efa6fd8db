using System.Text.Json.Nodes;
using ServerlessStreams.Engine;
using ServerlessStreams.Spec;
using static ServerlessStreams.Shared.Tests.Support.TestJobs;

namespace ServerlessStreams.Shared.Tests.Engine;

public class WindowValuesTests
{
    private static double? Read(string json, WindowSpec window, long? timestamp, out string? error) =>
        WindowValues.Read(JsonNode.Parse(json)!.AsObject(), window, timestamp, out error);

    [Theory]
    [InlineData("""{"t":"2024-01-01T00:00:00Z"}""", 1_704_067_200_000)]
    [InlineData("""{"t":"2024-01-01T01:00:00.250+01:00"}""", 1_704_067_200_250)]
    [InlineData("""{"t":1704067200000}""", 1_704_067_200_000)]
    [InlineData("""{"t":"2024-01-01T00:00:00"}""", 1_704_067_200_000)]
    public void Times_are_iso_8601_or_epoch_milliseconds_and_read_as_utc(string json, double expected)
    {
        Assert.Equal(expected, Read(json, Fixed(1000, kind: WindowKeyKind.Time), null, out var error));
        Assert.Null(error);
    }

    [Fact]
    public void Numeric_keys_read_numbers_including_fractions()
    {
        Assert.Equal(2.5, Read("""{"t":2.5}""", Fixed(10), null, out _));
        Assert.Equal(-3, WindowValues.Read(new JsonObject { ["t"] = -3 }, Fixed(10), null, out _));
    }

    [Fact]
    public void A_global_window_without_a_key_reads_nothing()
    {
        Assert.Equal(0, Read("{}", Global(key: null), null, out var error));
        Assert.Null(error);
    }

    [Fact]
    public void A_missing_numeric_key_does_not_fall_back_to_the_record_timestamp()
    {
        Assert.Null(Read("{}", Fixed(10), 5, out var error));
        Assert.Equal("window key 't' missing", error);
        Assert.Equal(5, Read("{}", Fixed(10, kind: WindowKeyKind.Time), 5, out _));
    }

    [Fact]
    public void Bounds_format_as_times_or_numbers()
    {
        Assert.Equal("\"2024-01-01T00:00:00.000Z\"", WindowValues.FormatBound(1_704_067_200_000, WindowKeyKind.Time)!.ToJsonString());
        Assert.Equal("1704067200000", WindowValues.FormatBound(1_704_067_200_000, WindowKeyKind.Number)!.ToJsonString());
        Assert.Null(WindowValues.FormatBound(null, WindowKeyKind.Time));
    }

    [Fact]
    public void The_largest_accepted_time_still_formats()
    {
        Assert.Equal("9999-12-31T23:59:59.999Z", WindowValues.FormatTime(WindowValues.MaxTime));
        Assert.Equal("0001-01-01T00:00:00.000Z", WindowValues.FormatTime(WindowValues.MinTime));
    }
}
