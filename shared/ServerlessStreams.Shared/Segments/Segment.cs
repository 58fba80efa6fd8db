using System.Text.Json.Nodes;

namespace ServerlessStreams.Segments;

/// <summary>A record's JSON payload with its envelope.</summary>
internal sealed record Segment
{
    public required SegmentId Id { get; init; }
    public required JsonObject Payload { get; init; }
    public SourceCoordinates Source { get; init; }
    public string? KafkaKey { get; init; }
    /// <summary>The record's timestamp in epoch milliseconds: the event time when a window key field is absent.</summary>
    public long? Timestamp { get; init; }
    /// <summary>
    /// The event time in epoch milliseconds, read once by the task that windows the segment (its event-time field,
    /// else <see cref="Timestamp"/>): watermarks advance by it and the engine places the segment by it. Null when
    /// not read yet or when the segment has none.
    /// </summary>
    public double? EventTime { get; init; }
}
