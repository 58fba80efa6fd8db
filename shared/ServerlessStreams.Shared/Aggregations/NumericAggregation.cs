using System.Text.Json.Nodes;
using ServerlessStreams.Engine;

namespace ServerlessStreams.Aggregations;

internal enum NumericKind { Sum, Min, Max, Average }

/// <summary>sum, min, max and average over a field; segments whose field is missing or null are skipped.</summary>
internal sealed class NumericAggregation(NumericKind kind, string field) : Aggregation
{
    public NumericKind Kind { get; } = kind;
    public string Field { get; } = field;

    public override Accumulator Create() => new NumericAccumulator(this);

    public override Accumulator Load(JsonNode? saved)
    {
        var accumulator = new NumericAccumulator(this);
        if (saved is JsonObject o)
        {
            accumulator.Total = o["sum"] is { } sum ? JsonNumbers.ToDouble(sum, "stored sum") : 0;
            accumulator.Values = o["n"] is { } n ? JsonNumbers.ToInt64(n, "stored value count") : 0;
            accumulator.Extreme = o["x"] is { } x ? JsonNumbers.ToDouble(x, "stored extreme") : null;
        }
        return accumulator;
    }

    public override bool ChecksSegments => true;

    public override string? Check(JsonObject segment) =>
        TryRead(segment, out _) ? null : $"field '{Field}' is not a number";

    /// <summary>False when the field holds something other than a number or null.</summary>
    internal bool TryRead(JsonObject segment, out double? value)
    {
        value = null;
        if (!segment.TryGetPropertyValue(Field, out var node) || node is null) return true;
        if (!JsonNumbers.TryGetDouble(node, out var number)) return false;
        value = number;
        return true;
    }
}

internal sealed class NumericAccumulator(NumericAggregation aggregation) : Accumulator
{
    public double Total { get; set; }
    public long Values { get; set; }
    public double? Extreme { get; set; }

    public override void Add(JsonObject segment, long arrival)
    {
        if (aggregation.TryRead(segment, out var value) && value is { } x) Include(x, 1, x);
    }

    public override void MergeFrom(Accumulator other)
    {
        var o = (NumericAccumulator)other;
        if (o.Values > 0) Include(o.Total, o.Values, o.Extreme ?? 0);
    }

    private void Include(double total, long values, double extreme)
    {
        Total += total;
        Values += values;
        Extreme = aggregation.Kind switch
        {
            NumericKind.Min => Extreme is { } m ? Math.Min(m, extreme) : extreme,
            NumericKind.Max => Extreme is { } m ? Math.Max(m, extreme) : extreme,
            _ => null,
        };
    }

    public override JsonNode? Result() => aggregation.Kind switch
    {
        NumericKind.Sum => JsonValue.Create(Total),
        NumericKind.Average => Values == 0 ? null : JsonValue.Create(Total / Values),
        _ => Extreme is { } x ? JsonValue.Create(x) : null,
    };

    public override JsonNode? Save() => new JsonObject { ["sum"] = Total, ["n"] = Values, ["x"] = Extreme };
}
