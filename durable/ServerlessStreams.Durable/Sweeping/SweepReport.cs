using ServerlessStreams.Engine;

namespace ServerlessStreams.Durable.Sweeping;

/// <summary>What one sweep did.</summary>
public sealed class SweepReport
{
    /// <summary>False when another instance held the shard's lease, so this sweep did nothing.</summary>
    public bool Swept { get; internal set; }
    /// <summary>Entities that were due and were ticked.</summary>
    public int EntitiesTicked { get; internal set; }
    /// <summary>Entity-group transactions committed.</summary>
    public int Transactions { get; internal set; }
    /// <summary>De-duplication rows past their retention, deleted.</summary>
    public int DedupeRowsPruned { get; internal set; }
    /// <summary>The firings the sweep delivered.</summary>
    public List<Firing> Firings { get; } = [];
    /// <summary>Each task's watermark as the sweep read it; null while there is none.</summary>
    public Dictionary<string, double?> Watermarks { get; } = new(StringComparer.Ordinal);

    /// <inheritdoc/>
    public override string ToString() => Swept
        ? $"swept: {EntitiesTicked} entities due, {Firings.Count} firings, {Transactions} transactions, {DedupeRowsPruned} dedupe rows pruned"
        : "not swept: another instance holds the lease";
}
