using ServerlessStreams.Aggregations;

namespace ServerlessStreams.Engine;

/// <summary>One live extent of one key: its aggregate and which once-per-extent triggers have fired.</summary>
internal sealed class ExtentState(Accumulator accumulator)
{
    // Bounds are kept as plain doubles with NaN for "none": a key holds many extents, and nullable doubles
    // would make each one 16 bytes larger.
    private double _lower = double.NaN;
    private double _upper = double.NaN;

    public Accumulator Accumulator { get; } = accumulator;

    /// <summary>Session bounds (first and last event time); fixed and sliding extents derive theirs from the id.</summary>
    public double? Lower
    {
        get => double.IsNaN(_lower) ? null : _lower;
        set => _lower = value ?? double.NaN;
    }

    public double? Upper
    {
        get => double.IsNaN(_upper) ? null : _upper;
        set => _upper = value ?? double.NaN;
    }

    /// <summary>Bit n set: the window's n-th trigger fired for this extent since its last new segment (watermark kinds).</summary>
    public long FiredMask { get; set; }

    public bool HasFired(CompiledTrigger trigger) => (FiredMask & (1L << trigger.Bit)) != 0;

    public void MarkFired(CompiledTrigger trigger) => FiredMask |= 1L << trigger.Bit;
}
