using ServerlessStreams.Durable.Storage.Keys;

namespace ServerlessStreams.Durable.Storage;

/// <summary>
/// Identifies one window entity: the state of one group key of one task of one job.
/// <see cref="GroupKey"/> is canonical JSON text (<c>"Alice"</c> with its quotes, <c>null</c>, <c>["a",1]</c>).
/// </summary>
internal sealed record EntityKey
{
    public EntityKey(string job, string task, string groupKey)
    {
        Job = Require(job, nameof(job));
        Task = Require(task, nameof(task));
        ArgumentNullException.ThrowIfNull(groupKey);
        if (groupKey.Length == 0)
        {
            throw new ArgumentException("a group key is canonical JSON text and cannot be empty; use \"null\" for no group-by", nameof(groupKey));
        }
        GroupKey = groupKey;
        PartitionKey = PartitionKeys.Compute(Job, Task, GroupKey);
    }

    public string Job { get; }
    public string Task { get; }
    public string GroupKey { get; }

    /// <summary>The entity's Table PartitionKey (see <see cref="PartitionKeys"/>); derived from the three parts.</summary>
    public string PartitionKey { get; }

    public static EntityKey Of(string job, string task, ServerlessStreams.Segments.GroupKey groupKey) => new(job, task, groupKey.Json);

    public override string ToString() => $"{Job}/{Task}/{GroupKey}";

    private static string Require(string value, string name)
    {
        ArgumentNullException.ThrowIfNull(value, name);
        if (value.Length == 0)
        {
            throw new ArgumentException($"an entity key's {name} cannot be empty", name);
        }
        return value;
    }
}
