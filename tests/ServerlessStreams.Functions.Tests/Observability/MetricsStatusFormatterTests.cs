using ServerlessStreams.Functions.Observability;

namespace ServerlessStreams.Functions.Tests.Observability;

public sealed class MetricsStatusFormatterTests
{
    private static readonly DateTimeOffset Start = new(2024, 11, 5, 20, 0, 0, TimeSpan.Zero);

    [Fact]
    public void StatusLine_ShowsRatesOverTheIntervalAndCountsSinceStart()
    {
        var previous = MetricsSnapshot.Empty(Start) with { RecordsIn = 1000, RecordsOut = 500 };
        var current = new MetricsSnapshot
        {
            Timestamp = Start.AddSeconds(2),
            RecordsIn = 3500,
            RecordsOut = 1500,
            WindowsFired = 1234,
            LateRecords = 3,
            DeadLetters = 1,
            WatermarkLag = TimeSpan.FromMilliseconds(1500),
        };

        var line = MetricsStatusFormatter.StatusLine(current, previous);

        Assert.Equal("in 1,250.0 rec/s | out 500.0 rec/s | windows fired 1,234 | late 3 | dead letters 1 | watermark lag 1.5 s", line);
    }

    [Fact]
    public void StatusLine_WithoutAWatermarkYet_LeavesTheLagOut()
    {
        var line = MetricsStatusFormatter.StatusLine(MetricsSnapshot.Empty(Start), MetricsSnapshot.Empty(Start));

        Assert.Equal("in 0.0 rec/s | out 0.0 rec/s | windows fired 0 | late 0 | dead letters 0", line);
    }

    [Fact]
    public void Summary_CountsWhatHappenedBetweenTheSnapshots()
    {
        var start = MetricsSnapshot.Empty(Start) with { RecordsIn = 100, Tasks = new Dictionary<string, TaskTotals> { ["votes"] = new() { RecordsIn = 100, RecordsOut = 100 } } };
        var end = new MetricsSnapshot
        {
            Timestamp = Start.AddSeconds(10),
            RecordsIn = 1100,
            Tasks = new Dictionary<string, TaskTotals>
            {
                ["votes"] = new() { RecordsIn = 900, RecordsOut = 880 },
                ["results"] = new() { RecordsIn = 200, RecordsOut = 200 },
            },
            RecordsOut = 700,
            WindowsFired = 12,
            LateRecords = 2,
            DeadLetters = 1,
            DedupeHits = 5,
            EntityTransactions = 40,
            EntityConflicts = 3,
            Batches = 4,
            BatchMillisecondsTotal = 100,
            BatchMillisecondsMax = 60,
        };

        var lines = MetricsStatusFormatter.Summary(end, start).Split(Environment.NewLine);

        Assert.Equal(
        [
            "records in:       1,000 (100.0/s over 10.0 s)",
            "  results: 200 in, 200 out",
            "  votes: 800 in, 780 out",
            "records out:      700",
            "windows fired:    12",
            "late records:     2",
            "dead letters:     1",
            "duplicates:       5",
            "transactions:     40 (3 conflicts)",
            "batches:          4, average 25.0 ms, slowest 60.0 ms",
        ],
            lines);
    }

    [Theory]
    [InlineData(250, "250 ms")]
    [InlineData(1500, "1.5 s")]
    [InlineData(180_000, "3.0 min")]
    [InlineData(9_000_000, "2.5 h")]
    [InlineData(2_860_000_000, "33.1 d")]
    public void Durations_UseAReadableUnit(double milliseconds, string expected)
    {
        Assert.Equal(expected, MetricsStatusFormatter.Duration(TimeSpan.FromMilliseconds(milliseconds)));
    }
}
