namespace ServerlessStreams.Durable.Sinks;

/// <summary>
/// Table views that firings are synced to. Writes are idempotent by version: a row is replaced only by a
/// higher version, so re-firing (a redelivered batch, a repeated sweep) changes nothing.
/// </summary>
internal interface IViewStore
{
    Task WriteAsync(string table, IReadOnlyList<ViewRow> rows, CancellationToken ct);

    /// <summary>The rows of one window, optionally of one group key (canonical JSON), by key then extent.</summary>
    Task<IReadOnlyList<ViewRow>> ReadAsync(string table, string windowId, string? groupKey, CancellationToken ct);
}
