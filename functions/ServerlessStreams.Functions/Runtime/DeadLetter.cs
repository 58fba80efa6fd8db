using System.Text.Json.Nodes;
using ServerlessStreams.Segments;

namespace ServerlessStreams.Functions.Runtime;

/// <summary>A record that could not be processed, with its reason and where it came from; nothing is dropped.</summary>
public sealed record DeadLetter(string Reason, string Task, SourceCoordinates Source, string? Key, string Value, SegmentId? SegmentId)
{
    public JsonObject ToJson() => new()
    {
        ["reason"] = Reason,
        ["task"] = Task,
        ["topic"] = Source.Topic,
        ["partition"] = Source.Partition,
        ["offset"] = Source.Offset,
        ["key"] = Key,
        ["segmentId"] = SegmentId?.Value,
        ["value"] = Value,
    };
}
