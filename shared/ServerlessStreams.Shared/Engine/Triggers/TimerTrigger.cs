using System.Text.Json.Nodes;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Engine;

/// <summary>
/// <c>timer</c>: fires every live extent of the key on each multiple of <c>period</c> of processing time, from the
/// first segment on; it stops while the key has no extent and starts again with the next segment.
/// </summary>
[ImplementsTrigger(TriggerKind.Timer)]
internal sealed class TimerTrigger : CompiledTrigger
{
    private readonly double _periodMs;

    public TimerTrigger(TriggerSetup setup) : base(setup)
    {
        Require(setup.Spec.Period is { } period && period > TimeSpan.Zero, setup.Spec, "a timer trigger needs a period > 0");
        _periodMs = setup.Spec.Period!.Value.TotalMilliseconds;
    }

    public override bool RunsOnTime => true;

    public override void OnSegment(in TriggerContext context, JsonObject payload, double value, ReadOnlySpan<long> touched) =>
        context.State.NextTimerAt[Index] ??= NextBoundary(context.Now);

    public override void OnTime(in TriggerContext context, double now, double? watermark)
    {
        if (context.State.NextTimerAt[Index] is not { } due || now < due) return;
        context.FireAll(this);
        context.State.NextTimerAt[Index] = context.State.ExtentsOf(context.Window.Index).Count > 0 ? NextBoundary(now) : null;
    }

    public override double? NextTimerDue(KeyState state) => state.NextTimerAt[Index];

    private double NextBoundary(double now) => (Math.Floor(now / _periodMs) + 1) * _periodMs;
}
