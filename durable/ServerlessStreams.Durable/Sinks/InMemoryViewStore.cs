using System.Collections.Concurrent;

namespace ServerlessStreams.Durable.Sinks;

/// <summary>The embedded default for Table views, with the same version rule as <see cref="TableViewStore"/>.</summary>
internal sealed class InMemoryViewStore : IViewStore
{
    private readonly ConcurrentDictionary<(string Table, string Window, string Key, long Extent), ViewRow> _rows = new();

    public Task WriteAsync(string table, IReadOnlyList<ViewRow> rows, CancellationToken ct)
    {
        foreach (var row in ViewRows.Newest(rows))
        {
            _rows.AddOrUpdate((table, row.WindowId, row.GroupKey, row.ExtentId), row,
                (_, existing) => existing.Version >= row.Version ? existing : row);
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ViewRow>> ReadAsync(string table, string windowId, string? groupKey, CancellationToken ct)
    {
        IReadOnlyList<ViewRow> rows = _rows
            .Where(p => p.Key.Table == table && p.Key.Window == windowId && (groupKey is null || p.Key.Key == groupKey))
            .Select(p => p.Value)
            .OrderBy(r => r.GroupKey, StringComparer.Ordinal).ThenBy(r => r.ExtentId)
            .ToList();
        return Task.FromResult(rows);
    }
}
