using System.Text.Json.Nodes;
using ServerlessStreams.Registry;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Engine;

/// <summary><c>punctuation</c>: fires when a segment satisfies the predicate, the extents it landed in (or all).</summary>
[ImplementsTrigger(TriggerKind.Punctuation)]
internal sealed class PunctuationTrigger : CompiledTrigger
{
    private readonly SegmentPredicate _predicate;

    public PunctuationTrigger(TriggerSetup setup) : base(setup)
    {
        Require(setup.Spec.Pred is not null, setup.Spec, "a punctuation trigger needs pred");
        _predicate = Predicates.Compile(setup.Spec.Pred!, setup.Registry);
    }

    public override void OnSegment(in TriggerContext context, JsonObject payload, double value, ReadOnlySpan<long> touched)
    {
        if (_predicate(payload)) context.FireLanded(this, touched);
    }
}
