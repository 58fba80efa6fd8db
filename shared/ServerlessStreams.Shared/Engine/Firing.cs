using System.Text.Json.Nodes;
using ServerlessStreams.Segments;

namespace ServerlessStreams.Engine;

/// <summary>
/// One trigger firing for one extent of one key. <see cref="Version"/> counts the extent's firings
/// for that trigger, so a sink can write idempotently: re-firing the same version changes nothing.
/// Bounds are window-key values (epoch milliseconds for time keys); null is an open end.
/// </summary>
public sealed record Firing
{
    public required string WindowId { get; init; }
    public required string TriggerId { get; init; }
    public required GroupKey GroupKey { get; init; }
    public required long ExtentId { get; init; }
    public double? LowerBound { get; init; }
    public double? UpperBound { get; init; }
    public required FiringEvent Event { get; init; }
    public JsonNode? State { get; init; }
    public long Version { get; init; }
}
