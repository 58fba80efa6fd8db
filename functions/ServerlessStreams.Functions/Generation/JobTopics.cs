using ServerlessStreams.Partitioning;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Functions.Generation;

/// <summary>What a topic is to a job.</summary>
internal enum JobTopicRole
{
    /// <summary>An input task reads it, with its stage function.</summary>
    Input,

    /// <summary>An output task writes it.</summary>
    Output,

    /// <summary>A repartitioned task's internal topic: its stage writes it, its keyed function reads it.</summary>
    Repartition,

    /// <summary>Dead letters, late data and trigger syncs: the job writes it, others read it.</summary>
    Written,
}

/// <summary>
/// One topic a job needs. <paramref name="Task"/> is the task whose <c>Topic_&lt;task&gt;</c> app setting names it
/// (none for dead letters, late data and syncs); <paramref name="Partitions"/> and <paramref name="Retention"/> are
/// set where the job decides them (internal topics), and otherwise left to the deployment.
/// </summary>
internal sealed record JobTopic(string Name, JobTopicRole Role, string? Task = null, int? Partitions = null, TimeSpan? Retention = null);

/// <summary>Every topic a job reads or writes, in one list: what the embedded Kafka creates, app settings name and Bicep declares.</summary>
internal static class JobTopics
{
    public static IReadOnlyList<JobTopic> Of(JobSpec job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var topics = new List<JobTopic>();
        foreach (var task in job.Catalog.Where(t => t.Medium == Medium.Kafka && !string.IsNullOrEmpty(t.Topic)))
            topics.Add(new JobTopic(task.Topic!, task.Type == TaskType.Input ? JobTopicRole.Input : JobTopicRole.Output, task.Name));
        foreach (var topic in Repartitioning.TopicsOf(job))
            topics.Add(new JobTopic(topic.Name, JobTopicRole.Repartition, topic.Task, topic.Partitions, topic.Retention));
        var written = job.Triggers.Select(t => t.Sync?.Topic).OfType<string>()
            .Append(job.DeadLetter?.Topic ?? $"{job.Name}-dead-letters")
            .Concat(job.LateData?.Topic is { } late ? [late] : []);
        foreach (var name in written)
            if (!topics.Any(t => t.Name == name)) topics.Add(new JobTopic(name, JobTopicRole.Written));
        return topics;
    }
}
