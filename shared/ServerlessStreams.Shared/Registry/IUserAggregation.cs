using System.Text.Json.Nodes;

namespace ServerlessStreams.Registry;

/// <summary>
/// A user aggregation. State is JSON so it serialises with the entity; <see cref="Merge"/> is needed
/// only by session windows, which combine two sessions when an event bridges them.
/// </summary>
public interface IUserAggregation
{
    /// <summary>The state of an empty extent.</summary>
    JsonNode? Init();

    /// <summary>The state after <paramref name="segment"/> is added to <paramref name="state"/>.</summary>
    JsonNode? Apply(JsonNode? state, JsonObject segment);

    /// <summary>Whether <see cref="Merge"/> is implemented; session windows need it.</summary>
    bool CanMerge => false;

    /// <summary>The state of two extents combined (sessions bridged by an event).</summary>
    JsonNode? Merge(JsonNode? left, JsonNode? right) =>
        throw new NotSupportedException($"{GetType().Name} does not merge; it cannot be used with session windows");
}
