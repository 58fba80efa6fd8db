using ServerlessStreams.Functions.Hosting;
using ServerlessStreams.Functions.Kafka;
using ServerlessStreams.Partitioning;
using ServerlessStreams.Segments;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Functions.Tests.Runtime;

/// <summary>
/// Plays Kafka between the stateless and windowed parts of repartitioned tasks, in process: the internal records a
/// publisher received since the last call become records of one partition per internal topic, at increasing offsets,
/// with the headers the producer would have sent.
/// </summary>
internal sealed class InternalTopicRelay(JobSpec job)
{
    private readonly Dictionary<string, string> _taskOfTopic = Repartitioning.TopicsOf(job).ToDictionary(t => t.Name, t => t.Task);
    private readonly Dictionary<string, long> _nextOffset = [];
    private int _taken;

    /// <summary>The internal records among <paramref name="published"/> not taken yet, by the task that reads them.</summary>
    public IReadOnlyList<(string Task, List<KafkaEventRecord> Records)> Take(IReadOnlyList<OutgoingRecord> published)
    {
        var byTask = new Dictionary<string, List<KafkaEventRecord>>(StringComparer.Ordinal);
        for (; _taken < published.Count; _taken++)
        {
            var record = published[_taken];
            if (!_taskOfTopic.TryGetValue(record.Topic, out var task)) continue;
            var offset = _nextOffset.GetValueOrDefault(record.Topic);
            _nextOffset[record.Topic] = offset + 1;
            var headers = new List<KafkaHeader>();
            if (record.Id is { } id) headers.Add(new KafkaHeader(SegmentId.HeaderName, System.Text.Encoding.UTF8.GetBytes(id.Value)));
            headers.AddRange(record.Headers.Select(h => new KafkaHeader(h.Key, h.Value)));
            var relayed = new KafkaEventRecord(record.Topic, 0, offset, 1_790_000_000_000, record.Key,
                System.Text.Encoding.UTF8.GetString(record.Value.Span), [.. headers]);
            (byTask.TryGetValue(task, out var list) ? list : byTask[task] = []).Add(relayed);
        }
        return [.. byTask.Select(p => (p.Key, p.Value))];
    }
}
