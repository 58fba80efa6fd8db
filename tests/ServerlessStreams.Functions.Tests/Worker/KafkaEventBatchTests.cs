using System.Text.Json;
using ServerlessStreams.Functions.Hosting;
using ServerlessStreams.Functions.LocalHost.Rpc.Messages;
using ServerlessStreams.Functions.Tests.LocalHost.Rpc;
using ServerlessStreams.Functions.Worker;
using ServerlessStreams.Testing;
using static ServerlessStreams.Functions.Tests.Worker.KafkaRecordSamples;

namespace ServerlessStreams.Functions.Tests.Worker;

public sealed class KafkaEventBatchTests
{
    /// <summary>The three records of Fixtures/Rpc/kafka-batch-invocation.json, each as the extension's JSON string (what <c>string[]</c> binds).</summary>
    private static string[] ExtensionStrings() =>
        [.. InvocationRequestsTests.Parse<InvocationRequest>("kafka-batch-invocation.json").InputData.Single(b => b.Name == JobFunctionCatalog.KafkaEventsParameter).Data.CollectionString.String];

    [Fact]
    public void Reads_the_extensions_records()
    {
        var records = KafkaEventBatch.Decode(ExtensionStrings());

        Assert.Equal(3, records.Count);
        var first = records[0];
        Assert.Equal(new KafkaEventRecord("test-topic", 3, 42, 1_773_662_400_000, "test-key", "test-value",
            [new KafkaHeader("h1", "v1"u8.ToArray())]), first);
        Assert.Null(records[1].Key);
        Assert.Equal(1_773_662_400_470, records[1].Timestamp);
        Assert.Equal([new KafkaHeader("ss-id", "test-topic/0/7"u8.ToArray()), new KafkaHeader("empty", [])], records[2].Headers);
    }

    [Fact]
    public void Other_spellings_of_the_same_records_read_the_same()
    {
        var exact = KafkaEventBatch.Decode(ExtensionStrings());
        var respelled = ExtensionStrings().Select(text =>
        {
            using var document = JsonDocument.Parse(text);
            var lower = document.RootElement.EnumerateObject().ToDictionary(p => p.Name.ToLowerInvariant(), p => p.Value.Clone());
            lower["timestamp"] = JsonSerializer.SerializeToElement(
                DateTimeOffset.Parse(lower["timestamp"].GetString()!, System.Globalization.CultureInfo.InvariantCulture).ToOffset(TimeSpan.FromHours(2)).ToString("o"));
            return JsonSerializer.Serialize(lower);
        }).ToArray();

        Assert.Equal(exact, KafkaEventBatch.Decode(respelled));
    }

    [Fact]
    public void Batches_as_the_host_encodes_them_decode_to_the_records_sent()
    {
        Batch.Run(batch => Assert.Equal(batch, KafkaEventBatch.Decode(HostStrings(batch))), cases: 300);
    }

    [Theory]
    [InlineData("not json", "events[1]: is not a Kafka record's JSON")]
    [InlineData("42", "events[1]: is not a Kafka record's JSON")]
    [InlineData("""{"Offset":1,"Partition":0,"Topic":"t","Value":"v"}""", "events[1].Timestamp: missing")]
    [InlineData("""{"Offset":"x","Partition":0,"Topic":"t","Timestamp":0,"Value":"v"}""", "events[1]: is not a Kafka record's JSON")]
    [InlineData("""{"Offset":1,"Partition":0,"Topic":"t","Timestamp":"yesterday","Value":"v"}""", "events[1].Timestamp: is not an ISO-8601 time")]
    [InlineData("""{"Offset":1,"Partition":0,"Topic":"t","Timestamp":0,"Value":"v","Headers":[{"Value":"AA=="}]}""", "events[1].Headers[0].Key: missing")]
    [InlineData("""{"Offset":1,"Partition":0,"Topic":"t","Timestamp":0,""", "events[1]: is not a Kafka record's JSON")]
    [InlineData("""{"Offset":1,"Partition":0,"Topic":"t","Timestamp":0,"Key":null,"Value":"v","Headers":[]} x""", "events[1]: is not a Kafka record's JSON")]
    public void A_malformed_element_is_named_by_its_index(string element, string expected)
    {
        string?[] batch = [ExtensionStrings()[0], element];

        var error = Assert.Throws<MalformedKafkaEventException>(() => KafkaEventBatch.Decode(batch));

        Assert.StartsWith(expected, error.Message);
        Assert.Equal(1, error.Index);
    }

    [Fact]
    public void A_null_element_is_named_too()
    {
        var error = Assert.Throws<MalformedKafkaEventException>(() => KafkaEventBatch.Decode([null]));

        Assert.StartsWith("events[0]: is null", error.Message);
    }

    [Fact]
    public void An_empty_batch_is_no_records()
    {
        Assert.Empty(KafkaEventBatch.Decode([]));
    }
}
