using System.Text.Json.Nodes;

namespace ServerlessStreams.Aggregations;

/// <summary>The running aggregate of one extent. Mutable on purpose: it sits on the engine's hot path.</summary>
internal abstract class Accumulator
{
    /// <summary>Adds a segment; <paramref name="arrival"/> is the key's arrival sequence number of the segment.</summary>
    public abstract void Add(JsonObject segment, long arrival);

    /// <summary>Folds another extent's aggregate into this one (session merges).</summary>
    public abstract void MergeFrom(Accumulator other);

    /// <summary>The aggregate as a firing reports it.</summary>
    public abstract JsonNode? Result();

    /// <summary>The aggregate's persisted form; <see cref="Aggregation.Load"/> reads it back.</summary>
    public abstract JsonNode? Save();
}
