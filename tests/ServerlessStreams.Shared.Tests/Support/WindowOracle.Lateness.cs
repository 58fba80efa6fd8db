using ServerlessStreams.Spec;

namespace ServerlessStreams.Shared.Tests.Support;

/// <summary>
/// The oracle with event time: each event arrives with the watermark of its batch, and counts only in the extents
/// that are still open then (end + lateness after the watermark; an extent ends one millisecond past its upper
/// bound, a session one gap past its last event, a global window never). An event open nowhere is late.
/// </summary>
internal static partial class WindowOracle
{
    public static (List<string> Lines, List<int> Late) CompletedWithLateness(OracleWindow window, IReadOnlyList<OracleEvent> events,
        IReadOnlyList<long?> watermarks, long lateness)
    {
        var lines = new List<string>();
        var late = new List<int>();
        var arrivals = events.Select((e, i) => (Event: e, Watermark: watermarks[i])).Where(a => Accepts(window, a.Event)).ToList();
        foreach (var group in arrivals.GroupBy(a => a.Event.Key))
        {
            var key = "\"" + group.Key + "\"";
            var extents = window.Type == WindowType.Session
                ? Sessions(group.ToList(), window.Gap, lateness, late)
                : Numbered(window, group.ToList(), lateness, late);
            foreach (var (lower, upper, members) in extents)
                lines.Add($"{key} {lower} {upper} {State(window.Aggregation, members.OrderBy(m => m.N).ToList())}");
        }
        lines.Sort(StringComparer.Ordinal);
        late.Sort();
        return (lines, late);
    }

    private static bool Open(long end, long? watermark, long lateness) => watermark is not { } wm || end + lateness > wm;

    private static List<(string, string, List<OracleEvent>)> Numbered(OracleWindow window,
        List<(OracleEvent Event, long? Watermark)> arrivals, long lateness, List<int> late)
    {
        if (window.Type == WindowType.Global) return arrivals.Count > 0 ? [("-", "-", arrivals.Select(a => a.Event).ToList())] : [];
        var slide = window.Type == WindowType.Fixed ? window.Range : window.Slide;
        var counted = new HashSet<int>();
        var extents = new List<(string, string, List<OracleEvent>)>();
        for (long w = 0; w <= 200; w++)
        {
            var upper = window.Min + slide * (w + 1) - 1;
            var lower = Math.Max(window.Min, upper + 1 - window.Range);
            var members = arrivals
                .Where(a => a.Event.T >= lower && a.Event.T <= upper && Open(upper + 1, a.Watermark, lateness))
                .Select(a => a.Event).ToList();
            counted.UnionWith(members.Select(m => m.N));
            if (members.Count > 0) extents.Add((Text(lower), Text(upper), members));
        }
        late.AddRange(arrivals.Select(a => a.Event.N).Where(n => !counted.Contains(n)));
        return extents;
    }

    /// <summary>
    /// Sessions built event by event: a session has closed when its last time + gap + lateness is at or behind the
    /// watermark, and is final then. An event joins every open session it is within the gap of; with none, it starts
    /// a session of its own, unless that would have closed already: then it is late.
    /// </summary>
    private static List<(string, string, List<OracleEvent>)> Sessions(List<(OracleEvent Event, long? Watermark)> arrivals,
        long gap, long lateness, List<int> late)
    {
        var sessions = new List<List<OracleEvent>>();
        foreach (var (e, watermark) in arrivals)
        {
            var joined = sessions.Where(s => e.T >= s.Min(m => m.T) - gap && e.T <= s.Max(m => m.T) + gap
                && Open(s.Max(m => m.T) + gap, watermark, lateness)).ToList();
            var last = joined.Select(s => s.Max(m => m.T)).Append(e.T).Max();
            if (!Open(last + gap, watermark, lateness))
            {
                late.Add(e.N);
                continue;
            }
            foreach (var session in joined) sessions.Remove(session);
            sessions.Add([.. joined.SelectMany(s => s), e]);
        }
        return sessions.Select(s => (Text(s.Min(m => m.T)), Text(s.Max(m => m.T)), s)).ToList();
    }
}
