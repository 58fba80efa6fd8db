using ServerlessStreams.Aggregations;

namespace ServerlessStreams.Engine;

/// <summary>One live extent of one key: its aggregate and which once-per-extent triggers have fired.</summary>
public sealed class ExtentState(Accumulator accumulator)
{
    public Accumulator Accumulator { get; } = accumulator;

    /// <summary>Session bounds (first and last event time); fixed and sliding extents derive theirs from the id.</summary>
    public double? Lower { get; set; }
    public double? Upper { get; set; }

    /// <summary>Bit n set: the window's n-th trigger fired for this extent since its last new segment (watermark kinds).</summary>
    public long FiredMask { get; set; }

    public bool HasFired(CompiledTrigger trigger) => (FiredMask & (1L << trigger.Bit)) != 0;

    public void MarkFired(CompiledTrigger trigger) => FiredMask |= 1L << trigger.Bit;
}
