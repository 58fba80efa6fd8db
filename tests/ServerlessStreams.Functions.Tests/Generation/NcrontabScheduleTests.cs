using Cronos;
using ServerlessStreams.Functions.Generation;

namespace ServerlessStreams.Functions.Tests.Generation;

public class NcrontabScheduleTests
{
    [Theory]
    [InlineData(0, "* * * * * *")]
    [InlineData(250, "* * * * * *")]
    [InlineData(1_000, "* * * * * *")]
    [InlineData(5_000, "*/5 * * * * *")]
    [InlineData(7_000, "*/6 * * * * *")]
    [InlineData(59_000, "*/30 * * * * *")]
    [InlineData(60_000, "0 * * * * *")]
    [InlineData(90_000, "0 * * * * *")]
    [InlineData(900_000, "0 */15 * * * *")]
    [InlineData(3_600_000, "0 0 * * * *")]
    [InlineData(18_000_000, "0 0 */4 * * *")]
    [InlineData(86_400_000, "0 0 0 * * *")]
    public void Every_rounds_the_period_down_to_an_even_step(long milliseconds, string expected)
    {
        Assert.Equal(expected, NcrontabSchedule.Every(TimeSpan.FromMilliseconds(milliseconds)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(7)]
    [InlineData(45)]
    [InlineData(100)]
    [InlineData(5_000)]
    [InlineData(30_000)]
    public void The_schedule_never_waits_longer_than_the_period(int seconds)
    {
        var period = TimeSpan.FromSeconds(seconds);
        var cron = CronExpression.Parse(NcrontabSchedule.Every(period), CronFormat.IncludeSeconds);

        var time = new DateTimeOffset(2026, 3, 16, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < 200; i++)
        {
            var next = cron.GetNextOccurrence(time, TimeZoneInfo.Utc)!.Value;
            Assert.InRange(next - time, TimeSpan.FromTicks(1), period);
            time = next;
        }
    }
}
