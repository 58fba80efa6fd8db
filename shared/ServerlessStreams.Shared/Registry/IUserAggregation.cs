using System.Text.Json.Nodes;

namespace ServerlessStreams.Registry;

/// <summary>
/// A user aggregation. State is JSON so it serialises with the entity; <see cref="Merge"/> is needed
/// only by session windows, which combine two sessions when an event bridges them.
/// </summary>
public interface IUserAggregation
{
    JsonNode? Init();

    JsonNode? Apply(JsonNode? state, JsonObject segment);

    bool CanMerge => false;

    JsonNode? Merge(JsonNode? left, JsonNode? right) =>
        throw new NotSupportedException($"{GetType().Name} does not merge; it cannot be used with session windows");
}
