namespace ServerlessStreams.Durable.Storage.Rows;

/// <summary>A row as read back: its payload, its typed properties (without the store's own) and its ETag.</summary>
internal sealed record StoredRow(string RowKey, string Data, string ETag, IReadOnlyDictionary<string, object> Properties);
