using System.Text.Json.Nodes;
using ServerlessStreams.Registry;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Engine;

/// <summary><c>punctuation</c>: fires when a segment satisfies the predicate, the extents it landed in (or all).</summary>
public sealed class PunctuationTrigger : CompiledTrigger
{
    private readonly SegmentPredicate _predicate;

    public PunctuationTrigger(TriggerSpec spec, int index, int bit, JobRegistry registry) : base(spec, index, bit)
    {
        Require(spec.Pred is not null, spec, "a punctuation trigger needs pred");
        _predicate = Predicates.Compile(spec.Pred!, registry);
    }

    public override void OnSegment(in TriggerContext context, JsonObject payload, double value, ReadOnlySpan<long> touched)
    {
        if (_predicate(payload)) context.FireLanded(this, touched, FiringEvent.Punctuation);
    }
}
