using System.Text.Json.Nodes;
using ServerlessStreams.Segments;

namespace ServerlessStreams.Aggregations;

/// <summary>Counts distinct values of a field (compared as canonical JSON); missing or null values are skipped.</summary>
internal sealed class DistinctCountAggregation(string field) : Aggregation
{
    public string Field { get; } = field;

    public override Accumulator Create() => new DistinctCountAccumulator(Field);

    public override Accumulator Load(JsonNode? saved)
    {
        var accumulator = new DistinctCountAccumulator(Field);
        if (saved is JsonArray values)
            foreach (var value in values) accumulator.Seen.Add(value!.GetValue<string>());
        return accumulator;
    }
}

internal sealed class DistinctCountAccumulator(string field) : Accumulator
{
    public HashSet<string> Seen { get; } = new(StringComparer.Ordinal);

    public override void Add(JsonObject segment, long arrival)
    {
        if (segment.TryGetPropertyValue(field, out var node) && node is not null)
            Seen.Add(GroupKey.From(node).Json);
    }

    public override void MergeFrom(Accumulator other) => Seen.UnionWith(((DistinctCountAccumulator)other).Seen);

    public override JsonNode? Result() => JsonValue.Create((long)Seen.Count);

    public override JsonNode? Save() => new JsonArray(Seen.Order(StringComparer.Ordinal).Select(s => (JsonNode?)JsonValue.Create(s)).ToArray());
}
