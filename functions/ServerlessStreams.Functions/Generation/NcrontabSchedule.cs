namespace ServerlessStreams.Functions.Generation;

/// <summary>
/// Six-field NCRONTAB schedules (<c>{second} {minute} {hour} {day} {month} {day-of-week}</c>, UTC) for "every period".
/// A step that does not divide its field's range would leave a short gap at each wrap-around, so the period is
/// rounded down to the nearest step that divides it: a sweeper may run more often than asked, never less.
/// </summary>
internal static class NcrontabSchedule
{
    public static readonly TimeSpan Minimum = TimeSpan.FromSeconds(1);

    private static readonly int[] SixtyDivisors = [1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30];
    private static readonly int[] DayDivisors = [1, 2, 3, 4, 6, 8, 12];

    public static string Every(TimeSpan period)
    {
        if (period < Minimum) period = Minimum;
        var seconds = (long)period.TotalSeconds;
        if (seconds < 60)
        {
            var step = Largest(SixtyDivisors, seconds);
            return step == 1 ? "* * * * * *" : $"*/{step} * * * * *";
        }
        var minutes = seconds / 60;
        if (minutes < 60)
        {
            var step = Largest(SixtyDivisors, minutes);
            return step == 1 ? "0 * * * * *" : $"0 */{step} * * * *";
        }
        var hours = minutes / 60;
        if (hours < 24)
        {
            var step = Largest(DayDivisors, hours);
            return step == 1 ? "0 0 * * * *" : $"0 0 */{step} * * *";
        }
        return "0 0 0 * * *";
    }

    private static int Largest(int[] divisors, long atMost) => divisors.Last(d => d <= atMost);
}
