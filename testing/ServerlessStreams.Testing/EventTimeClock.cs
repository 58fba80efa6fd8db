using Microsoft.Extensions.Time.Testing;
using ServerlessStreams.Functions.Runtime;

namespace ServerlessStreams.Testing;

/// <summary>The driver's clock when processing time follows event time (<see cref="JobTestDriverOptions.ProcessingTimeFollowsEventTime"/>).</summary>
internal sealed class EventTimeClock(DateTimeOffset start) : FakeTimeProvider(start), IEventTimeClock
{
    private static readonly double LatestMilliseconds = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();

    public void Observe(double eventTime)
    {
        // Window keys that are plain numbers far outside the calendar leave the clock where it is.
        if (double.IsNaN(eventTime) || eventTime > LatestMilliseconds) return;
        var at = DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Floor(Math.Max(eventTime, 0)));
        if (at > GetUtcNow()) SetUtcNow(at);
    }
}
