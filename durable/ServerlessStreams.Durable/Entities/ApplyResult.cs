using ServerlessStreams.Engine;
using ServerlessStreams.Segments;

namespace ServerlessStreams.Durable.Entities;

/// <summary>What applying a batch to window entities produced, over all keys.</summary>
internal sealed class ApplyResult
{
    // The lists are made when first used: most keys of a batch fire nothing and have nothing late or rejected.
    private List<Firing>? _firings;
    private List<Segment>? _late;
    private List<RejectedSegment>? _rejected;

    public List<Firing> Firings => _firings ??= [];
    public List<Segment> Late => _late ??= [];
    public List<RejectedSegment> Rejected => _rejected ??= [];
    /// <summary>Segments skipped because their key had already applied them (redelivery, uniqueness key).</summary>
    public int Duplicates { get; set; }
    public int Applied { get; set; }
    public int Transactions { get; set; }
    public int Conflicts { get; set; }
    /// <summary>(key, batch) pairs that needed a commit.</summary>
    public int KeyBatches { get; set; }

    internal void Add(ApplyResult other)
    {
        if (other._firings is { Count: > 0 } firings) Firings.AddRange(firings);
        if (other._late is { Count: > 0 } late) Late.AddRange(late);
        if (other._rejected is { Count: > 0 } rejected) Rejected.AddRange(rejected);
        Duplicates += other.Duplicates;
        Applied += other.Applied;
        Transactions += other.Transactions;
        Conflicts += other.Conflicts;
        KeyBatches += other.KeyBatches;
    }
}
