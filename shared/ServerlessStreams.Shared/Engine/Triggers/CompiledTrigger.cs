using System.Text.Json.Nodes;
using ServerlessStreams.Registry;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Engine;

/// <summary>
/// A trigger ready to run: one subclass per kind says what it does when a segment lands, when time passes (the
/// processing-time clock or the watermark) and when it is next due, as Flink's Trigger (onElement, onEventTime,
/// onProcessingTime) and Onyx's trigger multimethods do. The engine calls every kind through these members alone, and
/// finds a kind's class by its <see cref="ImplementsTriggerAttribute"/> mark; a firing's event is the trigger's <see cref="Kind"/>.
/// <see cref="Index"/> numbers the triggers of a task, for per-key counters and timers.
/// </summary>
internal abstract class CompiledTrigger
{
    protected CompiledTrigger(TriggerSetup setup)
    {
        Spec = setup.Spec;
        Index = setup.Index;
        Bit = setup.Bit;
    }

    public int Index { get; }

    /// <summary>The trigger's position among its window's triggers: its bit in an extent's fired mask.</summary>
    public int Bit { get; }

    public TriggerSpec Spec { get; }

    public string Id => Spec.Id;

    public TriggerKind Kind => Spec.On;

    public bool Discards => Spec.Refinement == Refinement.Discarding;

    /// <summary>Whether <see cref="OnTime"/> has work: the engine calls it after every step and tick only for such triggers.</summary>
    public virtual bool RunsOnTime => false;

    /// <summary>Whether the trigger waits for the watermark, so <see cref="NextWatermarkDue"/> can name a due point.</summary>
    public virtual bool WaitsForWatermark => false;

    /// <summary>
    /// Whether a firing is remembered on the extent until its next segment, so the trigger fires each extent once
    /// per change (watermark kinds); a closed extent such a trigger has fired holds its final result.
    /// </summary>
    public virtual bool FiresOncePerExtent => false;

    /// <summary>A segment landed in the window's extents <paramref name="touched"/> with window-key <paramref name="value"/>.</summary>
    public virtual void OnSegment(in TriggerContext context, JsonObject payload, double value, ReadOnlySpan<long> touched) { }

    /// <summary>Time passed: fire what processing time <paramref name="now"/> or the watermark has made due.</summary>
    public virtual void OnTime(in TriggerContext context, double now, double? watermark) { }

    /// <summary>The processing time at which the trigger is next due for the key, or null.</summary>
    public virtual double? NextTimerDue(KeyState state) => null;

    /// <summary>The watermark at which the trigger is next due for the extent, or null.</summary>
    public virtual double? NextWatermarkDue(CompiledWindow window, long id, ExtentState extent) => null;

    /// <summary>Whether the extent's result since its last segment has gone out through this trigger.</summary>
    public bool HasDelivered(ExtentState extent) => FiresOncePerExtent && extent.HasFired(this);

    /// <summary>Specs built in C# skip the JSON validator, so each kind checks the settings it needs here too.</summary>
    protected static void Require(bool holds, TriggerSpec spec, string problem)
    {
        if (!holds) throw new ArgumentException($"trigger '{spec.Id}': {problem}");
    }

    /// <summary>The trigger of <paramref name="spec"/>'s kind, built by the class that implements it (<see cref="TriggerKinds"/>).</summary>
    public static CompiledTrigger Compile(TriggerSpec spec, int index, int bit, JobRegistry registry) =>
        TriggerKinds.Create(new TriggerSetup(spec, index, bit, registry));
}
