using ServerlessStreams.Engine;
using ServerlessStreams.Segments;

namespace ServerlessStreams.Durable.Entities;

/// <summary>What applying a batch to window entities produced, over all keys.</summary>
public sealed class ApplyResult
{
    public List<Firing> Firings { get; } = [];
    public List<Segment> Late { get; } = [];
    public List<RejectedSegment> Rejected { get; } = [];
    /// <summary>Segments skipped because their key had already applied them (redelivery, uniqueness key).</summary>
    public int Duplicates { get; set; }
    public int Applied { get; set; }
    public int Transactions { get; set; }
    public int Conflicts { get; set; }
    /// <summary>(key, batch) pairs that needed a commit.</summary>
    public int KeyBatches { get; set; }

    internal void Add(ApplyResult other)
    {
        Firings.AddRange(other.Firings);
        Late.AddRange(other.Late);
        Rejected.AddRange(other.Rejected);
        Duplicates += other.Duplicates;
        Applied += other.Applied;
        Transactions += other.Transactions;
        Conflicts += other.Conflicts;
        KeyBatches += other.KeyBatches;
    }
}
