namespace ServerlessStreams.Durable.Sinks;

/// <summary>One row of a Table view: the latest firing of one (window, key, extent).</summary>
public sealed record ViewRow
{
    /// <summary>The window that fired.</summary>
    public required string WindowId { get; init; }
    /// <summary>The group key as canonical JSON text.</summary>
    public required string GroupKey { get; init; }
    /// <summary>The extent's number in its window.</summary>
    public required long ExtentId { get; init; }
    /// <summary>Bounds as the firing format writes them (JSON text: an ISO-8601 string, a number or null).</summary>
    public required string LowerBound { get; init; }
    /// <summary>The upper bound, as <see cref="LowerBound"/>.</summary>
    public required string UpperBound { get; init; }
    /// <summary>The trigger that fired.</summary>
    public required string TriggerId { get; init; }
    /// <summary>What made the trigger fire (its kind, or <c>completed</c>).</summary>
    public required string Event { get; init; }
    /// <summary>The aggregate as JSON text.</summary>
    public required string State { get; init; }
    /// <summary>The extent's firings of this trigger so far; a row keeps the newest.</summary>
    public required long Version { get; init; }
}
