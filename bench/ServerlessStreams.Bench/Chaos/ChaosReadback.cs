using System.Globalization;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Confluent.Kafka;
using ServerlessStreams.Durable.Queries;
using ServerlessStreams.Durable.Sinks;
using ServerlessStreams.Durable.Storage.Tables;
using ServerlessStreams.Registry;
using ServerlessStreams.Segments;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Bench.Chaos;

/// <summary>A dead letter or late record as its topic holds it: the task, the record's coordinates and the reason.</summary>
internal sealed record Letter(string? Task, string Topic, int Partition, long Offset, string Reason);

/// <summary>Reads back what a run left: the dead-letter and late topics, the window entities and the Table views.</summary>
internal static class ChaosReadback
{
    /// <summary>Every record of <paramref name="topic"/>, all partitions, from the start to the end it has now.</summary>
    public static List<Letter> Letters(string bootstrapServers, string topic)
    {
        using var consumer = new ConsumerBuilder<byte[]?, byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = "chaos-reader-" + Guid.NewGuid().ToString("N"),
            EnableAutoCommit = false,
        }).SetLogHandler((_, _) => { }).Build();
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrapServers }).Build();
        var partitions = admin.GetMetadata(topic, TimeSpan.FromSeconds(30)).Topics.Single().Partitions
            .Select(p => new TopicPartition(topic, p.PartitionId)).ToList();
        var ends = partitions.ToDictionary(p => p.Partition.Value, p => consumer.QueryWatermarkOffsets(p, TimeSpan.FromSeconds(30)).High.Value);
        var letters = new List<Letter>();
        var expected = ends.Values.Sum();
        if (expected == 0) return letters;
        consumer.Assign(partitions.Select(p => new TopicPartitionOffset(p, Offset.Beginning)));
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (letters.Count < expected)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{topic}: read {letters.Count} of {expected} records");
            if (consumer.Consume(TimeSpan.FromSeconds(1)) is not { Message: { } message }) continue;
            var json = JsonNode.Parse(message.Value)!;
            letters.Add(new Letter(json["task"]?.GetValue<string>(), json["topic"]!.GetValue<string>(), json["partition"]!.GetValue<int>(),
                json["offset"]!.GetValue<long>(), json["reason"]!.GetValue<string>()));
        }
        return letters;
    }

    /// <summary>The extents of the windows for the given group keys, as their entities hold them.</summary>
    public static async Task<Dictionary<ExtentKey, double>> EntitiesAsync(JobSpec job, string storage, IEnumerable<(string Window, string? Key)> keys)
    {
        var query = new WindowQuery(job, new JobRegistry(), new TableWindowEntityStore(new TableServiceClient(storage)));
        var extents = new Dictionary<ExtentKey, double>();
        foreach (var (window, key) in keys)
        {
            var groupKey = key is null ? GroupKey.None : GroupKey.From(JsonValue.Create(key));
            var state = await query.QueryAsync(window, groupKey, null, CancellationToken.None)
                ?? throw new InvalidOperationException($"the job has no window '{window}'");
            foreach (var extent in state["extents"]!.AsArray())
                extents[new(window, key, Bound(extent!["lowerBound"]), Bound(extent["upperBound"]))] = Value(extent["state"]);
        }
        return extents;
    }

    /// <summary>Every row of a window's Table view.</summary>
    public static async Task<Dictionary<ExtentKey, double>> ViewAsync(string storage, string view, string window)
    {
        var rows = await new TableViewStore(new TableServiceClient(storage)).ReadAsync(view, window, null, CancellationToken.None);
        var extents = new Dictionary<ExtentKey, double>();
        foreach (var row in rows)
        {
            var key = JsonNode.Parse(row.GroupKey) is JsonValue text ? text.GetValue<string>() : null;
            extents[new(window, key, Bound(JsonNode.Parse(row.LowerBound)), Bound(JsonNode.Parse(row.UpperBound)))] = Value(JsonNode.Parse(row.State));
        }
        return extents;
    }

    private static long? Bound(JsonNode? bound) => bound switch
    {
        null => null,
        JsonValue value when value.TryGetValue<string>(out var text) =>
            DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUnixTimeMilliseconds(),
        JsonValue value => value.GetValue<long>(),
        _ => throw new FormatException($"an extent bound that is neither text nor a number: {bound.ToJsonString()}"),
    };

    private static double Value(JsonNode? state) => double.Parse(state!.ToJsonString(), CultureInfo.InvariantCulture);
}
