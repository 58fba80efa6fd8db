using CsCheck;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Shared.Tests.Spec;

public class DurationsTests
{
    [Theory]
    [InlineData("0ms", 0)]
    [InlineData("0s", 0)]
    [InlineData("1ms", 1)]
    [InlineData("250ms", 250)]
    [InlineData("30s", 30_000)]
    [InlineData("5m", 300_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("2d", 172_800_000)]
    [InlineData("1.5s", 1_500)]
    [InlineData("0.5ms", 0.5)]
    [InlineData("PT5M", 300_000)]
    [InlineData("P1D", 86_400_000)]
    [InlineData("P1W", 604_800_000)]
    [InlineData("P1DT2H3M4.5S", 93_784_500)]
    [InlineData("PT0.001S", 1)]
    [InlineData("PT0,5S", 500)]
    [InlineData("pt1h", 3_600_000)]
    [InlineData("-5s", -5_000)]
    public void Parses_short_and_iso_forms(string text, double milliseconds) =>
        Assert.Equal(milliseconds, Durations.Parse(text).TotalMilliseconds);

    [Theory]
    [InlineData("", "an empty text is not a duration; expected " + Durations.Expected)]
    [InlineData("5", "'5' is not a duration; expected " + Durations.Expected)]
    [InlineData("5 s", "'5 s' is not a duration; expected " + Durations.Expected)]
    [InlineData("5sec", "'5sec' is not a duration; expected " + Durations.Expected)]
    [InlineData("5S", "'5S' is not a duration; expected " + Durations.Expected)]
    [InlineData(".5s", "'.5s' is not a duration; expected " + Durations.Expected)]
    [InlineData("P", "'P' is not a duration; expected " + Durations.Expected)]
    [InlineData("PT", "'PT' is not a duration; expected " + Durations.Expected)]
    [InlineData("P1DT", "'P1DT' is not a duration; expected " + Durations.Expected)]
    [InlineData("P1Y", "'P1Y' counts years or months, which have no fixed length; write days instead (P30D)")]
    [InlineData("P2M", "'P2M' counts years or months, which have no fixed length; write days instead (P30D)")]
    [InlineData("99999999999d", "'99999999999d' is too long a duration; the longest is 10675199 days")]
    public void Refuses_other_text_saying_what_was_expected(string text, string error)
    {
        Assert.False(Durations.TryParse(text, out _, out var message));
        Assert.Equal(error, message);
        Assert.Equal(error, Assert.Throws<FormatException>(() => Durations.Parse(text)).Message);
    }

    [Fact]
    public void Accepts_the_longest_duration_and_refuses_one_tick_more()
    {
        Assert.Equal(TimeSpan.MaxValue, Durations.Parse(Durations.Format(TimeSpan.MaxValue)));
        var justOver = (TimeSpan.MaxValue.Ticks / (decimal)TimeSpan.TicksPerMillisecond + 0.0001m).ToString(System.Globalization.CultureInfo.InvariantCulture) + "ms";
        Assert.False(Durations.TryParse(justOver, out _));
    }

    [Theory]
    [InlineData(0, "0s")]
    [InlineData(1, "1ms")]
    [InlineData(999, "999ms")]
    [InlineData(1_000, "1s")]
    [InlineData(1_500, "1500ms")]
    [InlineData(90_000, "90s")]
    [InlineData(3_600_000, "1h")]
    [InlineData(604_800_000, "7d")]
    [InlineData(-60_000, "-1m")]
    [InlineData(0.5, "0.5ms")]
    public void Formats_with_the_largest_exact_unit(double milliseconds, string text) =>
        Assert.Equal(text, Durations.FormatMilliseconds(milliseconds));

    [Fact]
    public void Format_then_parse_gives_the_same_duration() =>
        Gen.Long[TimeSpan.MinValue.Ticks + 1, TimeSpan.MaxValue.Ticks]
            .Run(ticks => Durations.Parse(Durations.Format(TimeSpan.FromTicks(ticks))) == TimeSpan.FromTicks(ticks), cases: 10_000);
}
