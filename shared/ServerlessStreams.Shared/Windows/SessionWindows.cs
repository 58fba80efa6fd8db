namespace ServerlessStreams.Windows;

/// <summary>A live session of one key: its id and the first and last event times it holds.</summary>
internal readonly record struct SessionExtent(long ExtentId, double Lower, double Upper);

/// <summary>
/// Sessions merge per key when the gap between events is at most <see cref="TimeoutGap"/>, in either direction,
/// so an out-of-order event can bridge two sessions into one.
/// </summary>
internal sealed record SessionWindows : IMergingWindowAssigner
{
    private SessionWindows(double timeoutGap) => TimeoutGap = timeoutGap;

    public double TimeoutGap { get; }

    public static SessionWindows Of(double timeoutGap)
    {
        if (!(timeoutGap >= 0)) throw new ArgumentOutOfRangeException(nameof(timeoutGap), timeoutGap, "a session window needs timeoutGap >= 0");
        return new SessionWindows(timeoutGap);
    }

    /// <summary>A session ends one gap after its last event: until then an in-order event can still extend it.</summary>
    public double? End(double upper) => upper + TimeoutGap;

    /// <summary>Where <paramref name="value"/> goes among <paramref name="sessions"/>; <paramref name="newId"/> names a new session.</summary>
    public ExtentOperation Place(IEnumerable<SessionExtent> sessions, double value, long newId)
    {
        var lower = value;
        var upper = value;
        var target = long.MaxValue;
        List<long>? sources = null;
        var count = 0;
        foreach (var session in sessions)
        {
            if (value < session.Lower - TimeoutGap || value > session.Upper + TimeoutGap) continue;
            count++;
            lower = Math.Min(lower, session.Lower);
            upper = Math.Max(upper, session.Upper);
            // The oldest session (smallest id) absorbs the others.
            if (session.ExtentId < target)
            {
                if (target != long.MaxValue) (sources ??= []).Add(target);
                target = session.ExtentId;
            }
            else
            {
                (sources ??= []).Add(session.ExtentId);
            }
        }

        if (count == 0) return new ExtentOperation.Create(newId, value);
        if (count == 1) return new ExtentOperation.Alter(target, lower, upper);
        sources!.Sort();
        return new ExtentOperation.Merge(target, sources, lower, upper);
    }
}
