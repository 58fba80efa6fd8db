namespace ServerlessStreams.Durable.Storage.Rows;

/// <summary>
/// A row to write: its RowKey, an opaque <see cref="Data"/> payload (split across Data, Data1, Data2… when long),
/// and optional typed properties for queries (string, int, long, double, bool, DateTimeOffset, DateTime, Guid, byte[]).
/// </summary>
internal sealed record EntityRow(string RowKey, string Data, IReadOnlyDictionary<string, object>? Properties = null);
