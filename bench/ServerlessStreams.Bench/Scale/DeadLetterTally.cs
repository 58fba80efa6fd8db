using System.Text.Json;
using System.Text.Json.Nodes;
using Confluent.Kafka;

namespace ServerlessStreams.Bench.Scale;

/// <summary>The dead letters of a topic counted by reason, for the message of a round that is not exact.</summary>
internal static class DeadLetterTally
{
    private const int ReasonLength = 300;

    public static string Of(string bootstrap, string topic)
    {
        using var consumer = new ConsumerBuilder<Ignore, string>(new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = "scale-dead-letters-" + Guid.NewGuid().ToString("N"),
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
        }).Build();
        var metadata = new Dictionary<TopicPartition, long>();
        for (var partition = 0; ; partition++)
        {
            var tp = new TopicPartition(topic, partition);
            try
            {
                var high = consumer.QueryWatermarkOffsets(tp, TimeSpan.FromSeconds(5)).High.Value;
                if (high > 0) metadata[tp] = high;
            }
            catch (KafkaException)
            {
                break; // no such partition
            }
        }
        consumer.Assign(metadata.Keys.Select(tp => new TopicPartitionOffset(tp, Offset.Beginning)));
        var reasons = new Dictionary<string, int>();
        var left = metadata.Values.Sum();
        while (left > 0 && consumer.Consume(TimeSpan.FromSeconds(5)) is { Message.Value: var value })
        {
            left--;
            var reason = "unreadable";
            try
            {
                reason = JsonNode.Parse(value)?["reason"]?.GetValue<string>() ?? reason;
            }
            catch (JsonException)
            {
            }
            reason = reason.Length > ReasonLength ? reason[..ReasonLength] + "…" : reason;
            reasons[reason] = reasons.GetValueOrDefault(reason) + 1;
        }
        return string.Join("; ", reasons.OrderByDescending(r => r.Value).Take(8).Select(r => $"{r.Value} × {r.Key}"));
    }
}
