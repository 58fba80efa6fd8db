using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using ServerlessStreams.Functions.Kafka;
using ServerlessStreams.Local.Kafka;
using ServerlessStreams.Functions.Observability;
using ServerlessStreams.Segments;

namespace ServerlessStreams.Functions.Tests.Kafka;

public sealed class SegmentProducerTests
{
    private const short ProduceApiKey = 0;
    private const short InitProducerIdApiKey = 22;

    [Fact]
    public async Task ProduceAsync_DeliversEveryRecord_WithKeyValueAndHeaders()
    {
        await using var kafka = EmbeddedKafka.Start();
        kafka.CreateTopic("results", 2);
        await using var producer = new SegmentProducer(new KafkaClientSettings(kafka.BootstrapServers));
        var parent = SegmentId.FromSource("votes", 0, 41);
        OutgoingRecord[] batch =
        [
            OutgoingRecord.FromString("results", "alice", """{"votes":3}""", parent.Child(0)),
            OutgoingRecord.FromString("results", null, """{"votes":4}""", parent.Child(1), [new("trace", [1, 2, 3])]),
            new OutgoingRecord("results", "bob", Encoding.UTF8.GetBytes("""{"votes":5}"""), id: null),
        ];

        await producer.ProduceAsync(batch);

        var records = KafkaTestClients.ReadAll(kafka.BootstrapServers, "results", 2, expected: 3)
            .ToDictionary(r => KafkaTestClients.Text(r.Message.Value));
        var alice = records["""{"votes":3}"""].Message;
        Assert.Equal("alice", KafkaTestClients.Text(alice.Key));
        Assert.Equal("votes/0/41#0", Encoding.UTF8.GetString(alice.Headers.GetLastBytes(SegmentId.HeaderName)));
        var anonymous = records["""{"votes":4}"""].Message;
        Assert.Null(anonymous.Key);
        Assert.Equal("votes/0/41#1", Encoding.UTF8.GetString(anonymous.Headers.GetLastBytes(SegmentId.HeaderName)));
        Assert.Equal(new byte[] { 1, 2, 3 }, anonymous.Headers.GetLastBytes("trace"));
        Assert.False(records["""{"votes":5}"""].Message.Headers.TryGetLastBytes(SegmentId.HeaderName, out _));
    }

    [Fact]
    public async Task ProduceAsync_KeepsTheBatchOrderWithinAPartition()
    {
        await using var kafka = EmbeddedKafka.Start();
        kafka.CreateTopic("ordered", 1);
        await using var producer = new SegmentProducer(new KafkaClientSettings(kafka.BootstrapServers));

        await producer.ProduceAsync(Numbered("ordered", 0, 300));

        var values = KafkaTestClients.ReadAll(kafka.BootstrapServers, "ordered", 1, expected: 300)
            .Select(r => KafkaTestClients.Text(r.Message.Value));
        Assert.Equal(Enumerable.Range(0, 300).Select(i => $"n{i}"), values);
    }

    [Fact]
    public void Configuration_IsIdempotentAndWaitsForAllReplicas()
    {
        using var producer = new SegmentProducer(new KafkaClientSettings("127.0.0.1:9"));

        var config = new ProducerConfig(producer.Configuration.ToDictionary());
        Assert.True(config.EnableIdempotence);
        Assert.Equal(Acks.All, config.Acks);
        Assert.False(config.AllowAutoCreateTopics);
    }

    [Fact]
    public async Task IdempotentProducer_RegistersAProducerIdWithTheBroker()
    {
        await using var kafka = EmbeddedKafka.Start();
        kafka.CreateTopic("with-pid", 1);
        kafka.StartRequestTracking();
        await using var producer = new SegmentProducer(new KafkaClientSettings(kafka.BootstrapServers));

        await producer.ProduceAsync(OutgoingRecord.FromString("with-pid", "k", "v"));

        var requests = kafka.TrackedRequestApiKeys();
        Assert.Contains(InitProducerIdApiKey, requests);
        Assert.True(
            requests.ToList().IndexOf(InitProducerIdApiKey) < requests.ToList().IndexOf(ProduceApiKey),
            "The producer id must be obtained before the first Produce request.");
    }

    [Fact]
    public async Task TransientBrokerErrors_AreRetriedWithoutDuplicatesOrReordering()
    {
        await using var kafka = EmbeddedKafka.Start();
        kafka.CreateTopic("flaky", 1);
        await using var producer = new SegmentProducer(new KafkaClientSettings(kafka.BootstrapServers));
        await producer.ProduceAsync(OutgoingRecord.FromString("flaky", null, "warm-up"));
        kafka.InjectRequestErrors(ProduceApiKey, ErrorCode.NotEnoughReplicas, ErrorCode.RequestTimedOut, ErrorCode.NotLeaderForPartition);

        await producer.ProduceAsync(Numbered("flaky", 0, 50));

        var values = KafkaTestClients.ReadAll(kafka.BootstrapServers, "flaky", 1, expected: 51)
            .Skip(1)
            .Select(r => KafkaTestClients.Text(r.Message.Value));
        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"n{i}"), values);
    }

    [Fact]
    public async Task AFatalIdempotenceError_FailsThatBatch_AndTheNextBatchUsesAFreshClient()
    {
        await using var kafka = EmbeddedKafka.Start();
        kafka.CreateTopic("recovering", 1);
        await using var producer = new SegmentProducer(new KafkaClientSettings(kafka.BootstrapServers));
        // Refusing the producer id is fatal for an idempotent client: it can never produce again.
        kafka.InjectRequestErrors(InitProducerIdApiKey, ErrorCode.ClusterAuthorizationFailed);

        var error = await Assert.ThrowsAsync<KafkaDeliveryException>(() => producer.ProduceAsync(OutgoingRecord.FromString("recovering", "k", "lost")));
        await producer.ProduceAsync(OutgoingRecord.FromString("recovering", "k", "delivered"));

        Assert.Equal("recovering", error.Topic);
        var record = Assert.Single(KafkaTestClients.ReadAll(kafka.BootstrapServers, "recovering", 1, expected: 1));
        Assert.Equal("delivered", KafkaTestClients.Text(record.Message.Value));
    }

    [Fact]
    public async Task ProduceAsync_FromManyCallersAtOnce_DeliversEverything()
    {
        await using var kafka = EmbeddedKafka.Start();
        kafka.CreateTopic("shared", 3);
        await using var producer = new SegmentProducer(new KafkaClientSettings(kafka.BootstrapServers));

        await Task.WhenAll(Enumerable.Range(0, 8).Select(caller => Task.Run(() => producer.ProduceAsync(Numbered("shared", caller * 100, 25)))));

        var values = KafkaTestClients.ReadAll(kafka.BootstrapServers, "shared", 3, expected: 200)
            .Select(r => KafkaTestClients.Text(r.Message.Value));
        Assert.Equal(
            Enumerable.Range(0, 8).SelectMany(caller => Enumerable.Range(caller * 100, 25)).Select(i => $"n{i}").Order(),
            values.Order());
    }

    [Fact]
    public async Task ARecordTooLarge_FailsTheBatchNamingTopicAndReason()
    {
        await using var kafka = EmbeddedKafka.Start();
        kafka.CreateTopic("small-only", 1);
        await using var producer = new SegmentProducer(new KafkaClientSettings(kafka.BootstrapServers));
        OutgoingRecord[] batch =
        [
            OutgoingRecord.FromString("small-only", "k", "fits"),
            new OutgoingRecord("small-only", "k", new byte[2 * 1024 * 1024]),
            OutgoingRecord.FromString("small-only", "k", "never sent"),
        ];

        var error = await Assert.ThrowsAsync<KafkaDeliveryException>(() => producer.ProduceAsync(batch));

        Assert.Equal("small-only", error.Topic);
        Assert.Contains("too large", error.Reason, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(2, error.FailedCount);
        Assert.Equal(3, error.BatchCount);
        Assert.Contains("'small-only'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownTopic_FailsDeliveryInsteadOfCreatingIt()
    {
        await using var kafka = EmbeddedKafka.Start();
        var settings = new KafkaClientSettings(kafka.BootstrapServers) { DeliveryTimeout = TimeSpan.FromSeconds(2) };
        await using var producer = new SegmentProducer(settings);

        var error = await Assert.ThrowsAsync<KafkaDeliveryException>(() => producer.ProduceAsync(OutgoingRecord.FromString("typo-topic", "k", "v")));

        Assert.Equal("typo-topic", error.Topic);
        Assert.DoesNotContain("typo-topic", KafkaTestClients.TopicNames(kafka.BootstrapServers));
    }

    [Fact]
    public async Task ABrokerThatIsGone_FailsDeliveryWithinTheDeliveryTimeout()
    {
        var kafka = EmbeddedKafka.Start();
        kafka.CreateTopic("lost", 1);
        var settings = new KafkaClientSettings(kafka.BootstrapServers) { DeliveryTimeout = TimeSpan.FromSeconds(2) };
        await using var producer = new SegmentProducer(settings);
        await producer.ProduceAsync(OutgoingRecord.FromString("lost", "k", "before"));
        kafka.Dispose();

        var error = await Assert.ThrowsAsync<KafkaDeliveryException>(() => producer.ProduceAsync(OutgoingRecord.FromString("lost", "k", "after")));

        Assert.Equal("lost", error.Topic);
        Assert.Contains("timed out", error.Reason, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ProduceAsync_TracesEachBatchAsAProducerSpan()
    {
        await using var kafka = EmbeddedKafka.Start();
        kafka.CreateTopic("traced", 1);
        await using var producer = new SegmentProducer(new KafkaClientSettings(kafka.BootstrapServers));
        using var invocations = new ActivitySource(nameof(SegmentProducerTests));
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is Telemetry.SourceName or nameof(SegmentProducerTests),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);

        ActivitySpanId invocation;
        using (var parent = invocations.StartActivity("invocation"))
        {
            invocation = parent!.SpanId;
            await producer.ProduceAsync(Numbered("traced", 0, 3));
        }

        var span = Assert.Single(stopped, a => a.ParentSpanId == invocation && a.Source.Name == Telemetry.SourceName);
        Assert.Equal("kafka produce", span.DisplayName);
        Assert.Equal(ActivityKind.Producer, span.Kind);
        Assert.Equal(3, span.GetTagItem("messaging.batch.message_count"));
        Assert.Equal(ActivityStatusCode.Unset, span.Status);
    }

    [Fact]
    public async Task AnEmptyBatch_CompletesWithoutContactingKafka()
    {
        await using var producer = new SegmentProducer(new KafkaClientSettings("127.0.0.1:9"));

        await producer.ProduceAsync([]);

        Assert.Equal("127.0.0.1:9", producer.Configuration["bootstrap.servers"]);
    }

    [Fact]
    public async Task ProduceAsync_AfterDispose_Throws()
    {
        await using var kafka = EmbeddedKafka.Start();
        kafka.CreateTopic("closed", 1);
        var producer = new SegmentProducer(new KafkaClientSettings(kafka.BootstrapServers));
        await producer.ProduceAsync(OutgoingRecord.FromString("closed", "k", "v"));

        await producer.DisposeAsync();
        producer.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => producer.ProduceAsync(OutgoingRecord.FromString("closed", "k", "v")));
    }

    private static List<OutgoingRecord> Numbered(string topic, int from, int count) =>
        Enumerable.Range(from, count)
            .Select(i => OutgoingRecord.FromString(topic, $"key-{i % 7}", $"n{i}", SegmentId.FromSource("in", 0, i)))
            .ToList();
}
