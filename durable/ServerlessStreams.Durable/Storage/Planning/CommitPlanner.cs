using ServerlessStreams.Durable.Storage.Errors;
using ServerlessStreams.Durable.Storage.Keys;
using ServerlessStreams.Durable.Storage.Rows;

namespace ServerlessStreams.Durable.Storage.Planning;

/// <summary>Validates a change set up front and plans its actions; every violation names the entity and the row.</summary>
internal static class CommitPlanner
{
    public static CommitPlan Plan(string table, EntityKey key, EntityChangeSet changes)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(changes);
        var partitionKey = PartitionKeys.For(key);

        var reject = new Rejection(table, partitionKey, key);

        if (changes.ActionCount > TableLimits.MaxActionsPerTransaction)
        {
            throw reject.For(null,
                $"the change set has {changes.ActionCount} actions (meta + {changes.Upserts.Count} upserts + {changes.Deletes.Count} deletes + {changes.NewDedupeRows.Count} de-duplication rows); one transaction holds at most {TableLimits.MaxActionsPerTransaction}: split it");
        }

        var actions = new List<PlannedAction>(changes.ActionCount);
        var seen = changes.ActionCount > SmallChangeSet ? new HashSet<string>(StringComparer.Ordinal) : null;
        long bytes = 0;

        void Add(PlannedAction action)
        {
            if (seen is null ? Contains(actions, action.RowKey) : !seen.Add(action.RowKey))
            {
                throw reject.For(action.RowKey, "the row appears more than once in the change set; a transaction may touch each row once");
            }
            var size = RowSize.Of(partitionKey, action.RowKey, action.Properties);
            if (size > TableLimits.MaxEntityBytes)
            {
                throw reject.For(action.RowKey, $"the row would take {size} bytes; a Table entity holds at most {TableLimits.MaxEntityBytes}");
            }
            bytes += size + TableLimits.ActionOverheadBytes;
            actions.Add(action);
        }

        var meta = Properties(changes.MetaData, changes.MetaProperties, RowKeys.Meta, in reject);
        meta[SystemProperties.KeyJob] = key.Job;
        meta[SystemProperties.KeyTask] = key.Task;
        meta[SystemProperties.KeyGroup] = key.GroupKey;
        CheckStrings(meta, RowKeys.Meta, in reject);
        Add(new PlannedAction(changes.ExpectedMetaETag is null ? PlannedActionKind.AddMeta : PlannedActionKind.ReplaceMeta, RowKeys.Meta, meta));

        foreach (var dedupe in changes.NewDedupeRows)
        {
            ArgumentNullException.ThrowIfNull(dedupe);
            if (string.IsNullOrEmpty(dedupe.SegmentId))
            {
                throw reject.For(null, "a de-duplication row has an empty segment id");
            }
            var rowKey = RowKeys.Dedupe(dedupe.SegmentId);
            var properties = new Dictionary<string, object>(StringComparer.Ordinal)
            {
                [SystemProperties.WrittenAt] = dedupe.WrittenAt.ToUniversalTime(),
            };
            if (KeyHashing.IsHashed(rowKey[RowKeys.DedupePrefix.Length..]))
            {
                properties[SystemProperties.SegmentId] = dedupe.SegmentId;
                CheckStrings(properties, rowKey, in reject);
            }
            Add(new PlannedAction(PlannedActionKind.AddDedupe, rowKey, properties, dedupe.SegmentId));
        }

        foreach (var rowKey in changes.Deletes)
        {
            CheckOwnRowKey(rowKey, in reject);
            Add(new PlannedAction(PlannedActionKind.Delete, rowKey, new Dictionary<string, object>()));
        }

        foreach (var row in changes.Upserts)
        {
            ArgumentNullException.ThrowIfNull(row);
            CheckOwnRowKey(row.RowKey, in reject);
            var properties = Properties(row.Data, row.Properties, row.RowKey, in reject);
            CheckStrings(properties, row.RowKey, in reject);
            Add(new PlannedAction(PlannedActionKind.Upsert, row.RowKey, properties));
        }

        if (bytes > TableLimits.MaxTransactionBytes)
        {
            throw reject.For(null, $"the change set would take about {bytes} bytes; one transaction holds at most {TableLimits.MaxTransactionBytes}: split it");
        }

        return new CommitPlan(key, partitionKey, changes.ExpectedMetaETag, actions, bytes);
    }

    /// <summary>Up to this many actions a scan finds a repeated row key more cheaply than a set built per commit.</summary>
    private const int SmallChangeSet = 16;

    private static bool Contains(List<PlannedAction> actions, string rowKey)
    {
        foreach (var action in actions)
        {
            if (string.Equals(action.RowKey, rowKey, StringComparison.Ordinal)) return true;
        }
        return false;
    }

    /// <summary>Estimated transaction bytes of one upserted row, for planning chunks.</summary>
    public static long EstimateBytes(string partitionKey, EntityRow row)
    {
        var properties = new Dictionary<string, object>(DataProperties.Split(row.Data), StringComparer.Ordinal);
        foreach (var (name, value) in row.Properties ?? new Dictionary<string, object>())
        {
            properties[name] = value;
        }
        return RowSize.Of(partitionKey, row.RowKey, properties) + TableLimits.ActionOverheadBytes;
    }

    private static Dictionary<string, object> Properties(
        string? data, IReadOnlyDictionary<string, object>? extra, string rowKey, in Rejection reject)
    {
        if (data is null)
        {
            throw reject.For(rowKey, "the row's Data is null; use an empty string for no payload");
        }
        // Room for the Data chunks, the extra properties and the meta row's key properties, so it never grows.
        var properties = new Dictionary<string, object>(data.Length / DataProperties.ChunkChars + 4 + (extra?.Count ?? 0), StringComparer.Ordinal);
        DataProperties.AddTo(properties, data);
        foreach (var (name, value) in extra ?? EmptyProperties)
        {
            if (!PropertyValues.IsValidName(name))
            {
                throw reject.For(rowKey, $"property name '{name}' is not valid: use a letter or '_' then letters, digits or '_', at most {TableLimits.MaxPropertyNameLength} characters");
            }
            if (SystemProperties.IsReserved(name))
            {
                throw reject.For(rowKey, $"property name '{name}' is reserved by the store (Data, Data1…, KeyJob, KeyTask, KeyGroup, WrittenAt, SegmentId and the Table system properties)");
            }
            if (value is null)
            {
                throw reject.For(rowKey, $"property '{name}' is null; Tables store no nulls, leave the property out");
            }
            properties[name] = PropertyValues.Normalize(value)
                ?? throw reject.For(rowKey, $"property '{name}' has type {value.GetType().Name}; Tables store string, int, long, double, bool, DateTimeOffset, DateTime, Guid and byte[]");
        }
        if (properties.Count > TableLimits.MaxProperties)
        {
            throw reject.For(rowKey, $"the row has {properties.Count} properties (Data split into {properties.Keys.Count(DataProperties.IsDataProperty)}); an entity holds at most {TableLimits.MaxProperties}");
        }
        return properties;
    }

    private static void CheckStrings(Dictionary<string, object> properties, string rowKey, in Rejection reject)
    {
        foreach (var (name, value) in properties)
        {
            if (value is string text && text.Length > TableLimits.MaxStringPropertyChars)
            {
                throw reject.For(rowKey, $"property '{name}' holds {text.Length} characters; a string property holds at most {TableLimits.MaxStringPropertyChars}");
            }
            if (value is byte[] bytes && bytes.Length > 64 * 1024)
            {
                throw reject.For(rowKey, $"property '{name}' holds {bytes.Length} bytes; a binary property holds at most {64 * 1024}");
            }
        }
    }

    private static void CheckOwnRowKey(string rowKey, in Rejection reject)
    {
        if (string.IsNullOrEmpty(rowKey))
        {
            throw reject.For(null, "a row key is empty");
        }
        if (rowKey == RowKeys.Meta)
        {
            throw reject.For(rowKey, "the meta row is written through the change set's meta payload, not as an upsert or delete");
        }
        if (RowKeys.IsDedupe(rowKey))
        {
            throw reject.For(rowKey, "de-duplication rows are added through NewDedupeRows and removed by pruning only");
        }
        if (rowKey.Length > RowKeys.MaxLength)
        {
            throw reject.For(rowKey, $"the row key has {rowKey.Length} characters; at most {RowKeys.MaxLength} are allowed");
        }
        var bad = rowKey.IndexOfAny(ForbiddenKeyChars);
        if (bad < 0)
        {
            bad = rowKey.AsSpan().IndexOfAnyInRange('\u0000', '\u001F');
        }
        if (bad < 0)
        {
            bad = rowKey.AsSpan().IndexOfAnyInRange('\u007F', '\u009F');
        }
        if (bad >= 0)
        {
            throw reject.For(rowKey, $"the row key holds U+{(int)rowKey[bad]:X4} at index {bad}; Table keys forbid / \\ # ? and control characters (build keys with RowKeys)");
        }
    }

    private static readonly Dictionary<string, object> EmptyProperties = new();

    /// <summary>The rejection of one change set, naming its table, partition and entity; a value, so checks allocate nothing.</summary>
    private readonly record struct Rejection(string Table, string PartitionKey, EntityKey Key)
    {
        public ChangeSetRejectedException For(string? rowKey, string reason) => new(Table, PartitionKey, Key, rowKey, reason);
    }

    private static readonly char[] ForbiddenKeyChars = ['/', '\\', '#', '?'];
}
