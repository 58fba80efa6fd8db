namespace ServerlessStreams.Functions.Runtime;

/// <summary>
/// A processing-time clock that follows event time, as <c>simulate</c> runs a job: a <see cref="TimeProvider"/> given
/// to the runtime as its time that also implements this is told the largest event time of the segments about to be
/// applied, before they are applied, so a timer due at a segment's time fires with it counted. Deployed, processing
/// time is the wall clock and nothing implements this.
/// </summary>
internal interface IEventTimeClock
{
    /// <summary>Moves processing time to <paramref name="eventTime"/> (epoch milliseconds) when that is later than now.</summary>
    void Observe(double eventTime);
}
