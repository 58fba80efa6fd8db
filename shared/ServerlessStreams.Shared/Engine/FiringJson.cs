using System.Text.Json;
using System.Text.Json.Nodes;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Engine;

/// <summary>The firing line format: <c>{"windowId","triggerId","groupKey","lowerBound","upperBound","event","state"}</c>.</summary>
public static class FiringJson
{
    public static JsonObject ToJson(Firing firing, WindowKeyKind keyKind) => new()
    {
        ["windowId"] = firing.WindowId,
        ["triggerId"] = firing.TriggerId,
        ["groupKey"] = firing.GroupKey.ToNode(),
        ["lowerBound"] = WindowValues.FormatBound(firing.LowerBound, keyKind),
        ["upperBound"] = WindowValues.FormatBound(firing.UpperBound, keyKind),
        ["event"] = EventName(firing.Event),
        ["state"] = firing.State?.DeepClone(),
    };

    /// <summary>An event's name in a firing: the trigger kind that fired (as the spec names it), or <c>completed</c>.</summary>
    public static string EventName(FiringEvent firingEvent) =>
        (uint)firingEvent < (uint)EventNames.Length
            ? EventNames[(int)firingEvent]
            : throw new ArgumentOutOfRangeException(nameof(firingEvent), firingEvent, "unknown firing event");

    private static readonly string[] EventNames =
        [.. Enum.GetValues<FiringEvent>().OrderBy(e => (int)e).Select(e => JsonNamingPolicy.CamelCase.ConvertName(e.ToString()))];
}
