namespace ServerlessStreams.Durable.Storage.Memory;

/// <summary>One stored row of the in-memory store: its ETag and its properties exactly as planned.</summary>
internal sealed record MemoryRow(string ETag, IReadOnlyDictionary<string, object> Properties);
