namespace ServerlessStreams.Durable.Sinks;

/// <summary>One row of a Table view: the latest firing of one (window, key, extent).</summary>
public sealed record ViewRow
{
    public required string WindowId { get; init; }
    /// <summary>The group key as canonical JSON text.</summary>
    public required string GroupKey { get; init; }
    public required long ExtentId { get; init; }
    /// <summary>Bounds as the firing format writes them (JSON text: an ISO-8601 string, a number or null).</summary>
    public required string LowerBound { get; init; }
    public required string UpperBound { get; init; }
    public required string TriggerId { get; init; }
    public required string Event { get; init; }
    /// <summary>The aggregate as JSON text.</summary>
    public required string State { get; init; }
    public required long Version { get; init; }
}
