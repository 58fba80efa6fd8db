using System.Globalization;
using System.Text.Json.Nodes;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Shared.Tests.Support;

/// <summary>One generated segment: group key, integer window-key value, optional "x" field, and a serial number.</summary>
internal sealed record OracleEvent(string Key, long T, int? X, bool HasX, int N)
{
    public string Json => HasX
        ? $$"""{"k":"{{Key}}","t":{{T}},"x":{{(X is { } x ? x.ToString(CultureInfo.InvariantCulture) : "null")}},"n":{{N}}}"""
        : $$"""{"k":"{{Key}}","t":{{T}},"n":{{N}}}""";

    public override string ToString() => Json;
}

/// <summary>The window a property test runs: integer range, slide, gap and minimum.</summary>
internal sealed record OracleWindow(WindowType Type, AggregationKind Aggregation, long Range, long Slide, long Gap, long Min);

/// <summary>
/// A brute-force model of the windows, written from the definitions in DESIGN §4 without the engine's code:
/// it keeps every event and, at the end, lists each extent's members by testing membership directly.
/// Each result line is <c>key lower upper state</c>.
/// </summary>
internal static partial class WindowOracle
{
    public static List<string> Completed(OracleWindow window, IReadOnlyList<OracleEvent> events)
    {
        var lines = new List<string>();
        foreach (var group in events.GroupBy(e => e.Key))
        {
            var key = "\"" + group.Key + "\"";
            foreach (var (lower, upper, members) in Extents(window, group.ToList()))
                lines.Add($"{key} {lower} {upper} {State(window.Aggregation, members)}");
        }
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    /// <summary>Whether the engine accepts the event at all (fixed and sliding windows refuse values below min).</summary>
    public static bool Accepts(OracleWindow window, OracleEvent e) =>
        window.Type is not (WindowType.Fixed or WindowType.Sliding) || e.T >= window.Min;

    private static IEnumerable<(string Lower, string Upper, List<OracleEvent> Members)> Extents(OracleWindow window, List<OracleEvent> events)
    {
        var accepted = events.Where(e => Accepts(window, e)).ToList();
        switch (window.Type)
        {
            case WindowType.Global:
                if (accepted.Count > 0) yield return ("-", "-", accepted);
                break;
            case WindowType.Session:
                foreach (var session in Sessions(accepted, window.Gap)) yield return session;
                break;
            default:
                var slide = window.Type == WindowType.Fixed ? window.Range : window.Slide;
                // Extent w covers [max(min, min + slide·(w+1) − range), min + slide·(w+1) − 1]; try every w that could.
                for (long w = 0; w <= 200; w++)
                {
                    var upper = window.Min + slide * (w + 1) - 1;
                    var lower = Math.Max(window.Min, upper + 1 - window.Range);
                    var members = accepted.Where(e => e.T >= lower && e.T <= upper).ToList();
                    if (members.Count > 0) yield return (Text(lower), Text(upper), members);
                }
                break;
        }
    }

    /// <summary>Sessions are the groups of sorted distinct times whose neighbours are at most the gap apart.</summary>
    private static IEnumerable<(string, string, List<OracleEvent>)> Sessions(List<OracleEvent> events, long gap)
    {
        var times = events.Select(e => e.T).Distinct().Order().ToList();
        var start = 0;
        for (var i = 1; i <= times.Count; i++)
        {
            if (i < times.Count && times[i] - times[i - 1] <= gap) continue;
            var lower = times[start];
            var upper = times[i - 1];
            yield return (Text(lower), Text(upper), events.Where(e => e.T >= lower && e.T <= upper).ToList());
            start = i;
        }
    }

    private static string State(AggregationKind kind, List<OracleEvent> members)
    {
        var values = members.Where(m => m.X is not null).Select(m => (double)m.X!.Value).ToList();
        return kind switch
        {
            AggregationKind.Count => members.Count.ToString(CultureInfo.InvariantCulture),
            AggregationKind.Sum => Number(values.Sum()),
            AggregationKind.Min => values.Count == 0 ? "null" : Number(values.Min()),
            AggregationKind.Max => values.Count == 0 ? "null" : Number(values.Max()),
            AggregationKind.Average => values.Count == 0 ? "null" : Number(values.Sum() / values.Count),
            AggregationKind.Collect => "[" + string.Join(",", members.Select(m => m.Json)) + "]",
            AggregationKind.DistinctCount => values.Distinct().Count().ToString(CultureInfo.InvariantCulture),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "the oracle does not model this aggregation"),
        };
    }

    private static string Number(double value) => JsonValue.Create(value).ToJsonString();

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
