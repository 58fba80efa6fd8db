using System.Text.Json.Nodes;
using ServerlessStreams.Registry;

namespace ServerlessStreams.Aggregations;

/// <summary>Adapts a registered <see cref="IUserAggregation"/>; its JSON state is both result and persisted form.</summary>
internal sealed class UserAggregation(IUserAggregation user) : Aggregation
{
    public override bool CanMerge => user.CanMerge;

    public override Accumulator Create() => new UserAccumulator(user, user.Init());

    public override Accumulator Load(JsonNode? saved) => new UserAccumulator(user, saved?.DeepClone());
}

internal sealed class UserAccumulator(IUserAggregation user, JsonNode? state) : Accumulator
{
    public JsonNode? State { get; private set; } = state;

    public override void Add(JsonObject segment, long arrival) => State = user.Apply(State, segment);

    public override void MergeFrom(Accumulator other) => State = user.Merge(State, ((UserAccumulator)other).State);

    public override JsonNode? Result() => State?.DeepClone();

    public override JsonNode? Save() => State?.DeepClone();
}
