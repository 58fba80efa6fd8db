using ServerlessStreams.Local.Kafka;
using ServerlessStreams.Functions.Generation;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Bench.Scale;

/// <summary>What every round does first: its job's topics on the broker, its instances, the watch on their groups.</summary>
internal static class RoundSetup
{
    public const int Partitions = 8;

    /// <summary>How long a consumer group may take to settle: a join waits for the broker's rebalance delay.</summary>
    public static readonly TimeSpan SettleTimeout = TimeSpan.FromMinutes(2);

    /// <summary>Every topic of the job: internal topics with the partitions the job gives them, the others with <see cref="Partitions"/>.</summary>
    public static void CreateTopics(EmbeddedKafka kafka, JobSpec job)
    {
        foreach (var topic in JobTopics.Of(job).DistinctBy(t => t.Name)) kafka.CreateTopic(topic.Name, topic.Partitions ?? Partitions);
    }

    /// <summary>The partition count of each Kafka function's topic.</summary>
    public static IReadOnlyDictionary<string, int> PartitionsOf(ScaleInstances instances, EmbeddedKafka kafka)
    {
        var topics = kafka.Topics;
        return instances.KafkaFunctions.ToDictionary(f => f.Key, f => topics.TryGetValue(f.Value, out var partitions)
            ? partitions
            : throw new InvalidOperationException($"function {f.Key} reads topic {f.Value}, which the benchmark did not create"),
            StringComparer.OrdinalIgnoreCase);
    }

    public static string InputTopic(JobSpec job, ScaleWorkload workload) =>
        job.Task(workload.InputTask).Topic ?? throw new InvalidOperationException($"task {workload.InputTask} reads no topic");
}
