using System.Text;
using Google.Protobuf;
using ServerlessStreams.Functions.Hosting;
using ServerlessStreams.Functions.Tests.Fixtures;
using ServerlessStreams.Functions.Worker;
using InvocationRequest = ServerlessStreams.Local.Host.Rpc.Messages.InvocationRequest;

namespace ServerlessStreams.Functions.Tests.Worker;

/// <summary>The worker's side of the host's fixtures (Fixtures/Rpc): what a stage function decodes from a Kafka batch invocation.</summary>
public sealed class HostMessageDecodingTests
{
    [Fact]
    public void The_stage_decodes_the_records_of_the_hosts_binary_kafka_batch_invocation()
    {
        var request = JsonParser.Default.Parse<InvocationRequest>(FixtureFiles.Read(Path.Combine("Rpc", "kafka-batch-binary-invocation.json")));
        var (values, metadata) = KafkaRecordSamples.Bound(request);

        var records = KafkaEventBatch.Decode(values, metadata);

        Assert.Equal(
        [
            new KafkaEventRecord("test-topic", 3, 42, DateTimeOffset.Parse("2026-03-16T12:00:00Z").ToUnixTimeMilliseconds(), "test-key", "test-value",
                new[] { new KafkaHeader("h1", Encoding.UTF8.GetBytes("v1")) }),
            new KafkaEventRecord("test-topic", 3, 43, DateTimeOffset.Parse("2026-03-16T12:00:00.47Z").ToUnixTimeMilliseconds(), null,
                "{\"registertime\":1511985752912,\"userid\":\"User_6\",\"regionid\":\"Region_8\",\"gender\":\"FEMALE\"}"),
            new KafkaEventRecord("test-topic", 0, 7, DateTimeOffset.Parse("2026-03-16T12:00:01.001Z").ToUnixTimeMilliseconds(), "User_9",
                "{\"candidate\":\"Ada Lovelace\",\"note\":\"ümlaut & <tag>\"}",
                new[] { new KafkaHeader("ss-id", Encoding.UTF8.GetBytes("test-topic/0/7")), new KafkaHeader("empty", []) }),
        ], records);
    }
}
