using System.Text.Json.Nodes;
using ServerlessStreams.Engine;

namespace ServerlessStreams.Aggregations;

internal sealed class CountAggregation : Aggregation
{
    public override Accumulator Create() => new CountAccumulator();

    public override Accumulator Load(JsonNode? saved) => new CountAccumulator { Count = saved is null ? 0 : JsonNumbers.ToInt64(saved, "stored count") };
}

internal sealed class CountAccumulator : Accumulator
{
    public long Count { get; set; }

    public override void Add(JsonObject segment, long arrival) => Count++;

    public override void MergeFrom(Accumulator other) => Count += ((CountAccumulator)other).Count;

    public override JsonNode? Result() => JsonValue.Create(Count);

    public override JsonNode? Save() => JsonValue.Create(Count);
}
