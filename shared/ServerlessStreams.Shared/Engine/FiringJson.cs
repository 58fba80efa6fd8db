using System.Text.Json.Nodes;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Engine;

/// <summary>The firing line format: <c>{"windowId","triggerId","groupKey","lowerBound","upperBound","event","state"}</c>.</summary>
internal static class FiringJson
{
    public static JsonObject ToJson(Firing firing, WindowKeyKind keyKind) => new()
    {
        ["windowId"] = firing.WindowId,
        ["triggerId"] = firing.TriggerId,
        ["groupKey"] = firing.GroupKey.ToNode(),
        ["lowerBound"] = WindowValues.FormatBound(firing.LowerBound, keyKind),
        ["upperBound"] = WindowValues.FormatBound(firing.UpperBound, keyKind),
        ["event"] = firing.Event.Name,
        ["state"] = firing.State?.DeepClone(),
    };
}
