using ServerlessStreams.Engine;

namespace ServerlessStreams.Durable.Sweeping;

/// <summary>What one sweep did.</summary>
public sealed class SweepReport
{
    /// <summary>False when another instance held the shard's lease, so this sweep did nothing.</summary>
    public bool Swept { get; internal set; }
    public int EntitiesTicked { get; internal set; }
    public int Transactions { get; internal set; }
    public int DedupeRowsPruned { get; internal set; }
    public List<Firing> Firings { get; } = [];
    public Dictionary<string, double?> Watermarks { get; } = new(StringComparer.Ordinal);

    public override string ToString() => Swept
        ? $"swept: {EntitiesTicked} entities due, {Firings.Count} firings, {Transactions} transactions, {DedupeRowsPruned} dedupe rows pruned"
        : "not swept: another instance holds the lease";
}
