using ServerlessStreams.Functions.Hosting;
using ServerlessStreams.Local.Host.Rpc.Messages;
using ServerlessStreams.Functions.Tests.LocalHost.Rpc;
using ServerlessStreams.Functions.Worker;
using ServerlessStreams.Testing;
using static ServerlessStreams.Functions.Tests.Worker.KafkaRecordSamples;

namespace ServerlessStreams.Functions.Tests.Worker;

public sealed class KafkaEventBatchTests
{
    /// <summary>The three records of Fixtures/Rpc/kafka-batch-binary-invocation.json as the worker SDK binds them.</summary>
    private static (byte[][] Values, Dictionary<string, object?> Metadata) Fixture() =>
        Bound(InvocationRequestsTests.Parse<InvocationRequest>("kafka-batch-binary-invocation.json"));

    [Fact]
    public void Reads_the_extensions_records()
    {
        var (values, metadata) = Fixture();

        var records = KafkaEventBatch.Decode(values, metadata);

        Assert.Equal(3, records.Count);
        Assert.Equal(new KafkaEventRecord("test-topic", 3, 42, 1_773_662_400_000, "test-key", "test-value",
            [new KafkaHeader("h1", "v1"u8.ToArray())]), records[0]);
        Assert.Null(records[1].Key);
        Assert.Equal(1_773_662_400_470, records[1].Timestamp);
        Assert.Equal([new KafkaHeader("ss-id", "test-topic/0/7"u8.ToArray()), new KafkaHeader("empty", [])], records[2].Headers);
        Assert.Same(records[0].Topic, records[2].Topic);
    }

    [Fact]
    public void Batches_as_the_host_encodes_them_decode_to_the_records_sent()
    {
        Batch.Run(batch =>
        {
            var (values, metadata) = HostBatch(batch);
            Assert.Equal(batch, KafkaEventBatch.Decode(values, metadata));
        }, cases: 300);
    }

    [Fact]
    public void Arrays_as_json_and_other_spellings_of_the_same_values_read_the_same()
    {
        var (values, metadata) = Fixture();
        var exact = KafkaEventBatch.Decode(values, metadata);

        // A worker without the TypedDataCollection capability gets every array as Json.NET JSON.
        metadata["OffsetArray"] = "[42,43,7]";
        metadata["TopicArray"] = """["test-topic","test-topic","test-topic"]""";
        metadata["TimestampArray"] = """["2026-03-16T14:00:00+02:00","2026-03-16T12:00:00.470Z","2026-03-16T12:00:01.0010000Z"]""";
        metadata["HeadersArray"] = """[[{"key":"h1","value":"djE=","extra":1}],null,[{"Key":"ss-id","Value":"dGVzdC10b3BpYy8wLzc="},{"Key":"empty","Value":null}]]""";

        Assert.Equal(exact, KafkaEventBatch.Decode(values, metadata));
    }

    [Fact]
    public void Numeric_keys_are_read_as_their_digits()
    {
        var (values, metadata) = Fixture();
        metadata["KeyArray"] = """[7,null,"User_9"]""";

        Assert.Equal("7", KafkaEventBatch.Decode(values, metadata)[0].Key);
    }

    [Theory]
    [InlineData("TimestampArray", null, "TimestampArray: missing from the trigger metadata of a batch of 3 records")]
    [InlineData("PartitionArray", "[3,3]", "PartitionArray: has 2 elements for 3 records")]
    [InlineData("PartitionArray", "[3,3,0,1]", "PartitionArray: has more than 3 elements for 3 records")]
    [InlineData("PartitionArray", "[3,\"x\",0]", "PartitionArray[1]: is not a partition number")]
    [InlineData("PartitionArray", "{}", "PartitionArray: is not a JSON array")]
    [InlineData("PartitionArray", "[3,3,0] x", "PartitionArray: is not JSON")]
    [InlineData("PartitionArray", "[3,3,", "PartitionArray: is not JSON")]
    [InlineData("OffsetArray", "[42,43,\"7\"]", "OffsetArray[2]: is not an offset")]
    [InlineData("TopicArray", "[\"t\",\"t\",null]", "TopicArray[2]: is not a topic name")]
    [InlineData("TimestampArray", "[\"2026-03-16T12:00:00Z\",\"yesterday\",\"2026-03-16T12:00:00Z\"]", "TimestampArray[1]: is not an ISO-8601 time")]
    [InlineData("KeyArray", "[\"k\",{},null]", "KeyArray[1]: is not a key")]
    [InlineData("HeadersArray", "[[],[{\"Value\":\"AA==\"}],[]]", "HeadersArray[1]: header 0: it has no Key")]
    [InlineData("HeadersArray", "[[],[{\"Key\":\"k\",\"Value\":\"not base64\"}],[]]", "HeadersArray[1]: header 0: its Value is not base64")]
    [InlineData("HeadersArray", "[[],{},[]]", "HeadersArray[1]: is not an array of headers")]
    public void Metadata_that_does_not_describe_the_records_is_named_by_its_place(string array, string? json, string expected)
    {
        var (values, metadata) = Fixture();
        if (json is null) metadata.Remove(array);
        else metadata[array] = json;

        var error = Assert.Throws<MalformedKafkaEventException>(() => KafkaEventBatch.Decode(values, metadata));

        Assert.StartsWith(expected, error.Message);
    }

    [Fact]
    public void A_collection_of_another_length_is_named_too()
    {
        var (values, metadata) = Fixture();
        metadata["OffsetArray"] = new List<long> { 42, 43 };

        var error = Assert.Throws<MalformedKafkaEventException>(() => KafkaEventBatch.Decode(values, metadata));

        Assert.Equal("OffsetArray: has 2 elements for 3 records", error.Message);
    }

    [Fact]
    public void An_empty_batch_is_no_records()
    {
        Assert.Empty(KafkaEventBatch.Decode([], new Dictionary<string, object?>()));
    }
}
