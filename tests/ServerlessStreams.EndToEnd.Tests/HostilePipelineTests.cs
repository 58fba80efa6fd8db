using System.Text;
using System.Text.Json.Nodes;
using Confluent.Kafka;
using ServerlessStreams.Local.Azurite;
using ServerlessStreams.Durable.Queries;
using ServerlessStreams.Durable.Storage.Tables;
using ServerlessStreams.Local;
using ServerlessStreams.Registry;
using ServerlessStreams.Segments;
using ServerlessStreams.Spec;

namespace ServerlessStreams.EndToEnd.Tests;

/// <summary>
/// A seeded mix of hostile and valid records (<see cref="HostileRecords"/>) through the real path: embedded Kafka, the
/// local host, the built worker, the internal topic, and window entities on Azurite, where the Table key rules are
/// real. Every bad record reaches the dead-letter topic with its coordinates and a reason naming the problem, the
/// partition does not stop, every record is processed, dead-lettered or late, and the windows hold what an oracle
/// counts from the valid records. A failure names its seed.
/// </summary>
public sealed class HostilePipelineTests
{
    private const string Topic = "hostile-events";
    private static readonly TimeSpan Drain = TimeSpan.FromSeconds(120);

    /// <summary>What the embedded broker and the producer take per record (librdkafka's message.max.bytes default).</summary>
    private const int MaxMessageBytes = 1_000_000;

    [Fact]
    public async Task A_seeded_hostile_mix_through_the_local_host_on_Azurite_is_dead_lettered_exactly_and_counts_exactly()
    {
        const int seed = 7;
        try
        {
            await RunAsync(seed);
        }
        catch (Exception e)
        {
            throw new Xunit.Sdk.XunitException($"hostile mix seed {seed} failed: {e}");
        }
    }

    private static async Task RunAsync(int seed)
    {
        await using var azurite = await AzuriteRunner.StartAsync();
        var job = JobSpecLoader.Load(HostileRecords.JobJson(keyedByUser: false), new JobRegistry()).GetJobOrThrow();
        // One partition per topic: one lane for the watermark, so the anchor alone decides which records are late.
        await using var pipeline = await LocalPipeline.StartAsync(job, new LocalPipelineOptions
        {
            StorageConnectionString = azurite.ConnectionString,
            Partitions = 1,
            MaxBatchWait = TimeSpan.FromMilliseconds(100),
            ConsumerSessionTimeout = TimeSpan.FromSeconds(6),
        });
        var anchor = HostileRecords.Anchor();
        var records = HostileRecords.Generate(seed, 200, new HostileLimits(MaxMessageBytes: MaxMessageBytes));

        await ProduceAsync(pipeline.BootstrapServers, [anchor]);
        pipeline.StartTriggers();
        await WaitUntilAsync(() => pipeline.AllCommittedAsync());
        await ProduceAsync(pipeline.BootstrapServers, records);
        await WaitUntilAsync(() => pipeline.AllCommittedAsync());

        // Offsets: the anchor is 0, the mix 1…n.
        var byOffset = records.Select((r, i) => (Offset: (long)(i + 1), Record: r)).ToDictionary(p => p.Offset, p => p.Record);
        var deadLetters = ReadLetters(pipeline.BootstrapServers, "hostile-dead-letters");
        var late = ReadLetters(pipeline.BootstrapServers, "hostile-late");
        Assert.All(deadLetters.Concat(late), l => Assert.Equal((Topic, 0), (l.Topic, l.Partition)));
        HostileRecordAssertions.Exactly(HostileExpectation.DeadLetter, Distinct(deadLetters), byOffset);
        HostileRecordAssertions.Exactly(HostileExpectation.Late, Distinct(late), byOffset);

        var expected = HostileRecords.Expected([anchor, .. records]);
        foreach (var user in expected.Keys.Select(k => k.User).Distinct())
        {
            var name = System.Text.Json.JsonSerializer.Serialize(user.Length > 40 ? user[..40] + "…" : user);
            Assert.True(HostileRecordAssertions.Extents(expected, user, e => e.Count).SequenceEqual(await StateAsync(pipeline, azurite.ConnectionString, "count-per-minute", user)),
                $"count-per-minute of {name} differs");
            Assert.True(HostileRecordAssertions.Extents(expected, user, e => e.Sum).SequenceEqual(await StateAsync(pipeline, azurite.ConnectionString, "sum-per-minute", user)),
                $"sum-per-minute of {name} differs");
        }
    }

    private sealed record Letter(string Id, string Topic, int Partition, long Offset, string Reason);

    /// <summary>One per record: copies (a batch delivered again) must carry the id of the first.</summary>
    private static IEnumerable<(long Offset, string Reason)> Distinct(List<Letter> letters)
    {
        foreach (var copies in letters.GroupBy(l => (l.Topic, l.Partition, l.Offset)))
        {
            Assert.Single(copies.Select(c => c.Id).Distinct());
            yield return (copies.Key.Offset, copies.First().Reason);
        }
    }

    private static async Task ProduceAsync(string bootstrapServers, IReadOnlyList<HostileRecord> records)
    {
        using var producer = new ProducerBuilder<string?, byte[]>(new ProducerConfig
        {
            BootstrapServers = bootstrapServers,
            EnableIdempotence = true,
            Acks = Acks.All,
            AllowAutoCreateTopics = false,
        }).SetLogHandler((_, _) => { }).Build();
        // One at a time, in order: offsets follow the list.
        foreach (var record in records)
        {
            var headers = new Headers();
            foreach (var (key, value) in record.Headers) headers.Add(key, value);
            await producer.ProduceAsync(Topic, new Message<string?, byte[]>
            {
                Key = record.Key ?? record.User,
                Value = record.Value,
                Headers = headers,
            });
        }
    }

    private static List<Letter> ReadLetters(string bootstrapServers, string topic)
    {
        using var consumer = new ConsumerBuilder<byte[]?, byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = "reader-" + Guid.NewGuid().ToString("N"),
            EnableAutoCommit = false,
        }).SetLogHandler((_, _) => { }).Build();
        var partition = new TopicPartition(topic, 0);
        var end = consumer.QueryWatermarkOffsets(partition, TimeSpan.FromSeconds(30)).High.Value;
        var letters = new List<Letter>();
        if (end == 0) return letters;
        consumer.Assign(new TopicPartitionOffset(partition, Offset.Beginning));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (letters.Count < end)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{topic}: read {letters.Count} of {end} records");
            if (consumer.Consume(TimeSpan.FromSeconds(1)) is not { Message: { } message }) continue;
            var json = JsonNode.Parse(message.Value)!;
            var id = message.Headers.TryGetLastBytes(SegmentId.HeaderName, out var bytes) ? Encoding.UTF8.GetString(bytes) : "";
            letters.Add(new Letter(id, json["topic"]!.GetValue<string>(), json["partition"]!.GetValue<int>(), json["offset"]!.GetValue<long>(),
                json["reason"]!.GetValue<string>()));
        }
        return letters;
    }

    /// <summary>A window's extents for one user as the Table store on Azurite holds them.</summary>
    private static async Task<List<(long Minute, long Value)>> StateAsync(LocalPipeline pipeline, string storage, string window, string user)
    {
        var store = new TableWindowEntityStore(new Azure.Data.Tables.TableServiceClient(storage));
        var state = await new WindowQuery(pipeline.Job, new JobRegistry(), store).QueryAsync(window, GroupKey.From(JsonValue.Create(user)), null, default);
        Assert.NotNull(state);
        return [.. state["extents"]!.AsArray().Select(e => (
            DateTimeOffset.Parse(e!["lowerBound"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds() / HostileRecords.Minute,
            (long)double.Parse(e["state"]!.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture))).OrderBy(e => e.Item1)];
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Drain;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("the pipeline did not commit every topic to its end in time");
            await Task.Delay(100);
        }
    }
}
