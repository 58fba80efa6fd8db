using ServerlessStreams.Segments;

namespace ServerlessStreams.Engine;

/// <summary>What one step of the state machine produced, and which extents it changed (for the store).</summary>
public sealed class StepResult
{
    public List<Firing> Firings { get; } = [];
    public List<Segment> Late { get; } = [];
    public List<RejectedSegment> Rejected { get; } = [];
    public HashSet<ExtentKey> Changed { get; } = [];
    public HashSet<ExtentKey> Removed { get; } = [];
    /// <summary>Segments that reached the windows (not late, not rejected).</summary>
    public int Applied { get; set; }

    public void MarkChanged(ExtentKey key)
    {
        Changed.Add(key);
        Removed.Remove(key);
    }

    public void MarkRemoved(ExtentKey key)
    {
        Removed.Add(key);
        Changed.Remove(key);
    }
}
