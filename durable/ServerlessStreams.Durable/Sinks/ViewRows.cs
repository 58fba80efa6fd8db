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

    public static IEnumerable<ViewRow> Newest(IEnumerable<ViewRow> rows) =>
        rows.GroupBy(r => (r.WindowId, r.GroupKey, r.ExtentId)).Select(g => g.MaxBy(r => r.Version)!);
}
