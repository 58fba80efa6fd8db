using System.Text;
using Google.Protobuf;
using ServerlessStreams.Functions.Hosting;
using ServerlessStreams.Local.Host;
using InvocationRequest = ServerlessStreams.Local.Host.Rpc.Messages.InvocationRequest;
using ServerlessStreams.Local.Host.Rpc;
using ServerlessStreams.Local.Host.Rpc.Messages;
using ServerlessStreams.Functions.Tests.Fixtures;

namespace ServerlessStreams.Functions.Tests.LocalHost.Rpc;

/// <summary>The host's InvocationRequests, against the fixtures in Fixtures/Rpc (see its README for their sources).</summary>
public class InvocationRequestsTests
{
    private static readonly KafkaEventRecord[] FixtureRecords =
    [
        new("test-topic", 3, 42, DateTimeOffset.Parse("2026-03-16T12:00:00Z").ToUnixTimeMilliseconds(), "test-key", "test-value",
            new[] { new KafkaHeader("h1", Encoding.UTF8.GetBytes("v1")) }),
        new("test-topic", 3, 43, DateTimeOffset.Parse("2026-03-16T12:00:00.47Z").ToUnixTimeMilliseconds(), null,
            "{\"registertime\":1511985752912,\"userid\":\"User_6\",\"regionid\":\"Region_8\",\"gender\":\"FEMALE\"}"),
        new("test-topic", 0, 7, DateTimeOffset.Parse("2026-03-16T12:00:01.001Z").ToUnixTimeMilliseconds(), "User_9",
            "{\"candidate\":\"Ada Lovelace\",\"note\":\"ümlaut & <tag>\"}",
            new[] { new KafkaHeader("ss-id", Encoding.UTF8.GetBytes("test-topic/0/7")), new KafkaHeader("empty", []) }),
    ];

    [Fact]
    public void A_binary_kafka_batch_is_sent_as_the_host_sends_it_to_an_isolated_worker()
    {
        var request = InvocationRequests.KafkaBatch("events", FixtureRecords, KafkaBatchDataType.Binary);
        request.FunctionId = "stage-votes-id";
        request.InvocationId = "7c2e9a41-0d6b-4f58-b1e3-9a8f7e6d5c4b";

        Assert.Equal(Fixture("kafka-batch-binary-invocation.json"), request);
    }

    [Fact]
    public void A_string_kafka_batch_is_sent_as_the_host_sends_it_to_an_isolated_worker()
    {
        var request = InvocationRequests.KafkaBatch("events", FixtureRecords, KafkaBatchDataType.String);
        request.FunctionId = "stage-votes-id";
        request.InvocationId = "5b0f3c1e-8f0e-4c35-9d7a-2f1a2b3c4d5e";

        Assert.Equal(Fixture("kafka-batch-invocation.json"), request);
    }

    [Theory]
    [InlineData(nameof(KafkaBatchDataType.Binary))]
    [InlineData(nameof(KafkaBatchDataType.String))]
    public void A_kafka_batch_decodes_to_the_records_it_was_made_of(string dataTypeName)
    {
        var dataType = Enum.Parse<KafkaBatchDataType>(dataTypeName);
        var request = InvocationRequests.KafkaBatch("events", FixtureRecords, dataType);

        Assert.Equal(FixtureRecords, RpcRecords.Of(request));
        Assert.Equal([42L, 43, 7], request.TriggerMetadata["OffsetArray"].CollectionSint64.Sint64);
        Assert.Equal("[3,3,0]", request.TriggerMetadata["PartitionArray"].Json);
    }

    [Fact]
    public void An_empty_batch_has_empty_collections_and_arrays()
    {
        var binary = InvocationRequests.KafkaBatch("events", [], KafkaBatchDataType.Binary);
        var strings = InvocationRequests.KafkaBatch("events", [], KafkaBatchDataType.String);

        Assert.Empty(binary.InputData.Single().Data.CollectionBytes.Bytes);
        Assert.Empty(strings.InputData.Single().Data.CollectionString.String);
        Assert.Equal("[]", binary.TriggerMetadata["KeyArray"].Json);
        Assert.Equal("[]", binary.TriggerMetadata["LeaderEpochArray"].Json);
    }

    [Fact]
    public void A_timer_run_carries_the_timer_info_json()
    {
        var request = InvocationRequests.Timer("timer",
            scheduled: DateTimeOffset.Parse("2026-03-16T12:00:00Z"),
            last: DateTimeOffset.Parse("2026-03-16T11:59:55Z"),
            next: DateTimeOffset.Parse("2026-03-16T12:00:05Z"));
        request.FunctionId = "sweeper-id";
        request.InvocationId = "0e4b7d55-3a3c-4f3e-a3f4-6f1c2b9d8e7f";

        Assert.Equal(Fixture("timer-invocation.json"), request);
    }

    [Fact]
    public void An_http_call_to_a_proxying_worker_sends_an_empty_http_input_with_route_params_when_asked()
    {
        var routeValues = new Dictionary<string, string> { ["job"] = "election", ["window"] = "votes-per-hour", ["key"] = "Ada" };

        var request = InvocationRequests.Http("req", routeValues, new Dictionary<string, string> { ["RequiresRouteParameters"] = "true" });
        request.FunctionId = "query-id";
        request.InvocationId = "9d1c2a7e-6b5f-4e3d-8c2b-1a0f9e8d7c6b";

        Assert.Equal(Fixture("http-invocation.json"), request);
        var plain = InvocationRequests.Http("req", routeValues, new Dictionary<string, string>());
        Assert.Equal(new RpcHttp(), plain.InputData.Single().Data.Http);
        var nullable = InvocationRequests.Http("req", routeValues,
            new Dictionary<string, string> { ["RequiresRouteParameters"] = "true", ["UseNullableValueDictionaryForHttp"] = "true" });
        Assert.Equal("Ada", nullable.InputData.Single().Data.Http.NullableParams["key"].Value);
    }

    [Fact]
    public void The_function_load_request_carries_the_indexed_function_and_its_bindings()
    {
        var indexed = WorkerScript.Function("stage-votes",
            """{"name":"events","type":"kafkaTrigger","direction":"In","brokerList":"%KafkaBrokerList%","topic":"%Topic_votes%","consumerGroup":"election-votes","cardinality":"Many","dataType":"Binary"}""");
        indexed.ScriptFile = "Election.dll";
        indexed.EntryPoint = "Election.StageFunctions.Votes";
        indexed.Properties.Add("IsCodeless", "False");

        var request = FunctionLoadRequests.For(indexed, "id-stage-votes");

        Assert.Equal(Parse<FunctionLoadRequest>("function-load-request.json"), request);
    }

    private static InvocationRequest Fixture(string name) => Parse<InvocationRequest>(name);

    internal static T Parse<T>(string name) where T : IMessage<T>, new() =>
        JsonParser.Default.Parse<T>(FixtureFiles.Read(Path.Combine("Rpc", name)));
}
