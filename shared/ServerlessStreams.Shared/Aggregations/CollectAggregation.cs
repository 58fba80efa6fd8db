using System.Text.Json.Nodes;

namespace ServerlessStreams.Aggregations;

/// <summary>Keeps the segments themselves (Onyx's conj), in arrival order, also after sessions merge.</summary>
internal sealed class CollectAggregation : Aggregation
{
    public override Accumulator Create() => new CollectAccumulator();

    public override Accumulator Load(JsonNode? saved)
    {
        var accumulator = new CollectAccumulator();
        if (saved is JsonArray items)
        {
            foreach (var item in items)
            {
                var pair = item!.AsArray();
                accumulator.Items.Add((pair[0]!.GetValue<long>(), pair[1]!.AsObject().DeepClone().AsObject()));
            }
        }
        return accumulator;
    }
}

internal sealed class CollectAccumulator : Accumulator
{
    public List<(long Arrival, JsonObject Segment)> Items { get; } = [];

    public override void Add(JsonObject segment, long arrival) => Items.Add((arrival, segment));

    public override void MergeFrom(Accumulator other)
    {
        Items.AddRange(((CollectAccumulator)other).Items);
        Items.Sort((a, b) => a.Arrival.CompareTo(b.Arrival));
    }

    public override JsonNode? Result() => new JsonArray(Items.Select(i => (JsonNode?)i.Segment.DeepClone()).ToArray());

    public override JsonNode? Save() =>
        new JsonArray(Items.Select(i => (JsonNode?)new JsonArray(i.Arrival, i.Segment.DeepClone())).ToArray());
}
