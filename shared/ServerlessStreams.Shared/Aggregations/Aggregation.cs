using System.Text.Json.Nodes;
using ServerlessStreams.Registry;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Aggregations;

/// <summary>A window's aggregation: makes, loads and checks the input of its accumulators.</summary>
internal abstract class Aggregation
{
    public abstract Accumulator Create();

    public abstract Accumulator Load(JsonNode? saved);

    /// <summary>Why a segment cannot be aggregated (e.g. a non-numeric sum field), or null when it can.</summary>
    public virtual string? Check(JsonObject segment) => null;

    /// <summary>Whether <see cref="Check"/> can refuse anything, so the engine skips calling it when not.</summary>
    public virtual bool ChecksSegments => false;

    public virtual bool CanMerge => true;

    public static Aggregation For(AggregationSpec spec, JobRegistry registry) => spec.Kind switch
    {
        AggregationKind.Count => new CountAggregation(),
        AggregationKind.Collect => new CollectAggregation(),
        AggregationKind.Sum => new NumericAggregation(NumericKind.Sum, RequireField(spec)),
        AggregationKind.Min => new NumericAggregation(NumericKind.Min, RequireField(spec)),
        AggregationKind.Max => new NumericAggregation(NumericKind.Max, RequireField(spec)),
        AggregationKind.Average => new NumericAggregation(NumericKind.Average, RequireField(spec)),
        AggregationKind.DistinctCount => new DistinctCountAggregation(RequireField(spec)),
        AggregationKind.Registered => new UserAggregation(
            registry.Aggregations.TryGetValue(spec.Name ?? "", out var user)
                ? user
                : throw new ArgumentException($"aggregation '{spec.Name}' is not registered")),
        _ => throw new ArgumentOutOfRangeException(nameof(spec), spec.Kind, "unknown aggregation kind"),
    };

    private static string RequireField(AggregationSpec spec) =>
        spec.Field ?? throw new ArgumentException($"aggregation {spec.Kind} needs a field");
}
