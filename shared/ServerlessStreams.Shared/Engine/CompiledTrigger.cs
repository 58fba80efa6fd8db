using ServerlessStreams.Registry;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Engine;

/// <summary>A trigger ready to run. <see cref="Index"/> numbers the triggers of a task, for per-key counters.</summary>
public sealed class CompiledTrigger
{
    public required int Index { get; init; }
    /// <summary>The trigger's position among its window's triggers: its bit in an extent's fired mask.</summary>
    public required int Bit { get; init; }
    public required TriggerSpec Spec { get; init; }
    public SegmentPredicate? Punctuation { get; init; }
    /// <summary>Timer period in milliseconds.</summary>
    public double PeriodMs => Spec.Period?.TotalMilliseconds ?? 0;

    public string Id => Spec.Id;
    public TriggerKind Kind => Spec.On;
    public bool Discards => Spec.Refinement == Refinement.Discarding;
}
