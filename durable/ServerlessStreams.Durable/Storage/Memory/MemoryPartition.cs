using ServerlessStreams.Durable.Storage.Keys;

namespace ServerlessStreams.Durable.Storage.Memory;

/// <summary>
/// The rows of one entity, guarded by one lock so a commit is atomic. The meta and extent rows are kept apart from the
/// de-duplication rows: a key with a uniqueness key holds tens of thousands of those, looked up one by one, while a
/// full load reads the few others whole.
/// </summary>
internal sealed class MemoryPartition
{
    public object Gate { get; } = new();

    private readonly Dictionary<string, MemoryRow> _stateRows = new(StringComparer.Ordinal);

    /// <summary>The de-duplication rows, by row key.</summary>
    public Dictionary<string, MemoryRow> DedupeRows { get; } = new(StringComparer.Ordinal);

    private Dictionary<string, MemoryRow> RowsLike(string rowKey) => RowKeys.IsDedupe(rowKey) ? DedupeRows : _stateRows;

    public bool TryGetValue(string rowKey, out MemoryRow row) => RowsLike(rowKey).TryGetValue(rowKey, out row!);

    public bool ContainsKey(string rowKey) => RowsLike(rowKey).ContainsKey(rowKey);

    public void Set(string rowKey, MemoryRow row) => RowsLike(rowKey)[rowKey] = row;

    public void Remove(string rowKey) => RowsLike(rowKey).Remove(rowKey);

    /// <summary>The meta and extent rows in row-key order, as the Table service returns rows.</summary>
    public IEnumerable<KeyValuePair<string, MemoryRow>> StateRowsInOrder() => _stateRows.OrderBy(row => row.Key, StringComparer.Ordinal);
}
