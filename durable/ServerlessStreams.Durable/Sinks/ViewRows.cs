using System.Globalization;
using System.Text.Json.Nodes;
using ServerlessStreams.Engine;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Durable.Sinks;

/// <summary>Turns firings into view rows, keeping only the newest version of each (window, key, extent).</summary>
internal static class ViewRows
{
    public static ViewRow From(Firing firing, WindowKeyKind keyKind) => new()
    {
        WindowId = firing.WindowId,
        GroupKey = firing.GroupKey.Json,
        ExtentId = firing.ExtentId,
        LowerBound = WindowValues.FormatBound(firing.LowerBound, keyKind)?.ToJsonString() ?? "null",
        UpperBound = WindowValues.FormatBound(firing.UpperBound, keyKind)?.ToJsonString() ?? "null",
        TriggerId = firing.TriggerId,
        Event = firing.Event.Name,
        State = firing.State?.ToJsonString() ?? "null",
        Version = firing.Version,
    };

    /// <summary>The rows of the newest firing of each (window, key, extent), the only ones a view keeps.</summary>
    public static List<ViewRow> FromNewest(IEnumerable<Firing> firings, IReadOnlyDictionary<string, WindowKeyKind> keyKinds) =>
        [.. firings.GroupBy(f => (f.WindowId, f.GroupKey, f.ExtentId)).Select(g => From(g.MaxBy(f => f.Version)!, keyKinds[g.Key.WindowId]))];

    public static IEnumerable<ViewRow> Newest(IEnumerable<ViewRow> rows) =>
        rows.GroupBy(r => (r.WindowId, r.GroupKey, r.ExtentId)).Select(g => g.MaxBy(r => r.Version)!);

    /// <summary>
    /// Of <paramref name="rows"/>, the sessions that merged into one of <paramref name="sessions"/>: the same window and
    /// key, another extent, bounds within its bounds. Sessions never overlap and never split, so such a row is stale.
    /// </summary>
    public static List<ViewRow> MergedInto(IEnumerable<ViewRow> rows, IReadOnlyList<ViewRow> sessions)
    {
        var bounds = sessions.Select(s => (s.WindowId, s.GroupKey, s.ExtentId, Lower: Bound(s.LowerBound), Upper: Bound(s.UpperBound))).ToList();
        return [.. rows.Where(r => bounds.Any(s => s.WindowId == r.WindowId && s.GroupKey == r.GroupKey && s.ExtentId != r.ExtentId
            && Bound(r.LowerBound) >= s.Lower && Bound(r.UpperBound) <= s.Upper))];
    }

    /// <summary>A bound as written (JSON text: an ISO-8601 time, a number or null) as a number: epoch milliseconds for times.</summary>
    private static double? Bound(string json) => JsonNode.Parse(json) switch
    {
        JsonValue value when value.TryGetValue<string>(out var time) =>
            DateTimeOffset.Parse(time, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUnixTimeMilliseconds(),
        JsonValue value => value.GetValue<double>(),
        _ => null,
    };
}
