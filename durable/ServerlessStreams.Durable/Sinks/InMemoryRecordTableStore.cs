using System.Collections.Concurrent;

namespace ServerlessStreams.Durable.Sinks;

/// <summary>The embedded default for record tables.</summary>
internal sealed class InMemoryRecordTableStore : IRecordTableStore
{
    private readonly ConcurrentDictionary<(string Table, string Partition, string Id), string> _rows = new();

    public Task WriteAsync(string table, IReadOnlyList<(string Partition, string Id, string Json)> records, CancellationToken ct)
    {
        foreach (var (partition, id, json) in records) _rows[(table, partition, id)] = json;
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<(string Partition, string Id, string Json)>> ReadAllAsync(string table, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<(string, string, string)>>(_rows
            .Where(r => r.Key.Table == table)
            .OrderBy(r => r.Key.Partition, StringComparer.Ordinal).ThenBy(r => r.Key.Id, StringComparer.Ordinal)
            .Select(r => (r.Key.Partition, r.Key.Id, r.Value)).ToList());
}
