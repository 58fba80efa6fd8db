using ServerlessStreams.Functions.Generation;
using ServerlessStreams.Functions.Hosting;
using ServerlessStreams.Functions.Kafka;
using ServerlessStreams.Partitioning;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Local;

/// <summary>
/// Whether a job's consumer groups have committed their topics to the end, as the broker says: all that was produced
/// so far is processed.
/// </summary>
internal sealed class JobCommits : IDisposable
{
    private readonly JobSpec _job;
    private readonly KafkaTopicPartitions _partitions;
    private readonly KafkaConsumerLag _lag;

    public JobCommits(JobSpec job, string bootstrapServers)
    {
        ArgumentNullException.ThrowIfNull(job);
        _job = job;
        var settings = new KafkaClientSettings(bootstrapServers);
        _partitions = new KafkaTopicPartitions(settings);
        _lag = new KafkaConsumerLag(settings, _partitions);
    }

    /// <summary>
    /// True when every Kafka-triggered function's group (stages and keyed functions) is at the end of its topic. The
    /// stages are asked first: a stage commits after its internal records are acknowledged, so once they are done the
    /// internal topics are complete.
    /// </summary>
    public async Task<bool> AllCommittedAsync(CancellationToken ct = default)
    {
        return await FirstLagAsync(ct) is null;
    }

    /// <summary>
    /// The first group that lags, in the order <see cref="AllCommittedAsync"/> asks them: its task, its topic and the
    /// records it has not committed; null when none lags.
    /// </summary>
    public async Task<(string Task, string Topic, long Records)?> FirstLagAsync(CancellationToken ct = default)
    {
        var reads = FunctionNames.TriggeredTasks(_job).Select(t => (t.Name, t.Topic!))
            .Concat(Repartitioning.TopicsOf(_job).Select(t => (t.Task, t.Name)));
        foreach (var (task, topic) in reads)
        {
            var lag = (await _lag.ReadAsync(AppSettingNames.ConsumerGroupOf(_job.Name, task), topic, ct).ConfigureAwait(false)).Records;
            if (lag > 0) return (task, topic, lag);
        }
        return null;
    }

    public void Dispose()
    {
        _lag.Dispose();
        _partitions.Dispose();
    }
}
