namespace ServerlessStreams.Windows;

/// <summary>A live session of one key: its id and the first and last event times it holds.</summary>
public readonly record struct SessionExtent(long ExtentId, double Lower, double Upper);

/// <summary>
/// Sessions merge per key when the gap between events is at most <see cref="TimeoutGap"/>, in either direction,
/// so an out-of-order event can bridge two sessions into one.
/// </summary>
public sealed record SessionWindows
{
    private SessionWindows(double timeoutGap) => TimeoutGap = timeoutGap;

    public double TimeoutGap { get; }

    public static SessionWindows Of(double timeoutGap)
    {
        if (!(timeoutGap >= 0)) throw new ArgumentOutOfRangeException(nameof(timeoutGap), timeoutGap, "a session window needs timeoutGap >= 0");
        return new SessionWindows(timeoutGap);
    }

    /// <summary>Where <paramref name="value"/> goes among <paramref name="sessions"/>; <paramref name="newId"/> names a new session.</summary>
    public ExtentOperation Place(IEnumerable<SessionExtent> sessions, double value, long newId)
    {
        List<SessionExtent>? touched = null;
        foreach (var session in sessions)
        {
            if (value >= session.Lower - TimeoutGap && value <= session.Upper + TimeoutGap)
                (touched ??= []).Add(session);
        }

        if (touched is null) return new ExtentOperation.Create(newId, value);

        var lower = Math.Min(value, touched.Min(s => s.Lower));
        var upper = Math.Max(value, touched.Max(s => s.Upper));
        if (touched.Count == 1) return new ExtentOperation.Alter(touched[0].ExtentId, lower, upper);

        var ordered = touched.Select(s => s.ExtentId).Order().ToList();
        return new ExtentOperation.Merge(ordered[0], ordered.Skip(1).ToList(), lower, upper);
    }
}
