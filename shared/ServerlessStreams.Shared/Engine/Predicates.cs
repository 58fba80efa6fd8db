using System.Text.Json.Nodes;
using ServerlessStreams.Registry;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Engine;

/// <summary>Turns a <see cref="PredicateSpec"/> into a predicate: a registered one, or the built-in field-equals form.</summary>
internal static class Predicates
{
    public static SegmentPredicate Compile(PredicateSpec spec, JobRegistry registry)
    {
        if (spec.Name is { } name)
            return registry.Predicates.TryGetValue(name, out var registered)
                ? registered
                : throw new ArgumentException($"predicate '{name}' is not registered");

        var field = spec.Field ?? throw new ArgumentException("a predicate needs a name or a field");
        var expected = JsonNode.Parse(spec.EqualsJson ?? "null");
        return segment => JsonNode.DeepEquals(segment[field], expected);
    }
}
