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
    /// <summary>The window that fired.</summary>
    public required string WindowId { get; init; }
    /// <summary>The trigger that fired.</summary>
    public required string TriggerId { get; init; }
    /// <summary>The key whose extent fired.</summary>
    public required GroupKey GroupKey { get; init; }
    /// <summary>The extent's number in its window.</summary>
    public required long ExtentId { get; init; }
    /// <summary>The extent's lower bound; null when open.</summary>
    public double? LowerBound { get; init; }
    /// <summary>The extent's upper bound; null when open.</summary>
    public double? UpperBound { get; init; }
    /// <summary>What made the trigger fire.</summary>
    public required FiringEvent Event { get; init; }
    /// <summary>The aggregate at the firing.</summary>
    public JsonNode? State { get; init; }
    /// <summary>The extent's firings of this trigger so far, this one included.</summary>
    public long Version { get; init; }
}
