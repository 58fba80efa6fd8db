using ServerlessStreams.Spec;

namespace ServerlessStreams.Partitioning;

/// <summary>
/// Which windowed tasks are repartitioned. A window entity must have one writer at a time: where a windowed task's
/// records are not partitioned by its group key, the stateless part of the task (its function, flow conditions and
/// group key) runs where the records arrive and produces to an internal topic keyed by the group key, and its windows
/// are applied by a function of their own reading that topic, where Kafka gives each partition, and so each key, one
/// owner. Where the records are partitioned by the group key already, there is no hop.
/// </summary>
internal static class Repartitioning
{
    public const string TopicSuffix = "-repartition";

    /// <summary>
    /// True for a windowed function task, unless it reads exactly one input, directly, whose records are keyed by
    /// fields its <c>groupByKey</c> holds: then records of one group key share a partition already.
    /// </summary>
    public static bool IsRepartitioned(JobSpec job, TaskSpec task)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(task);
        if (task.Type != TaskType.Function || !job.WindowsOf(task.Name).Any()) return false;
        var upstream = job.Upstream(task.Name).ToList();
        if (upstream.Count != 1 || job.Task(upstream[0]) is not { Type: TaskType.Input } input) return true;
        return !(input.PartitionedBy is { Count: > 0 } keyedBy && task.GroupByFn is null
                 && task.GroupByKey is { } groupBy && keyedBy.All(groupBy.Contains));
    }

    /// <summary>The repartitioned tasks of a job, in catalog order.</summary>
    public static IEnumerable<TaskSpec> RepartitionedTasks(JobSpec job) => job.Catalog.Where(t => IsRepartitioned(job, t));

    /// <summary>The internal topic of a repartitioned task.</summary>
    public static InternalTopic TopicOf(JobSpec job, TaskSpec task)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(task);
        if (!IsRepartitioned(job, task)) throw new ArgumentException($"task '{task.Name}' of job '{job.Name}' is not repartitioned", nameof(task));
        return new InternalTopic(task.Name, job.Name + "-" + task.Name + TopicSuffix, task.IsGrouped ? null : 1, job.DedupeRetention);
    }

    /// <summary>The internal topics of a job, one per repartitioned task.</summary>
    public static IReadOnlyList<InternalTopic> TopicsOf(JobSpec job) => [.. RepartitionedTasks(job).Select(t => TopicOf(job, t))];
}
