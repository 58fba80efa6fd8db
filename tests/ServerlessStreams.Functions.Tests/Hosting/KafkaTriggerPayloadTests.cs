using System.Text;
using System.Text.Json;
using CsCheck;
using ServerlessStreams.Functions.Hosting;
using ServerlessStreams.Functions.Tests.Fixtures;

namespace ServerlessStreams.Functions.Tests.Hosting;

public class KafkaTriggerPayloadTests
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

    [Theory]
    [InlineData("kafka-many-string.json")]
    [InlineData("kafka-many-string-array-of-strings.json")]
    [InlineData("kafka-many-string-singly-encoded.json")]
    [InlineData("kafka-many-values-only.json")]
    public void Decode_reads_every_form_of_the_fixture_batch(string fixture)
    {
        var body = FixtureFiles.ReadJson(fixture);

        var records = KafkaTriggerPayload.Decode(body.GetProperty("Data").GetProperty("events"), body.GetProperty("Metadata"), "Data.events");

        Assert.Equal(FixtureRecords, records);
    }

    [Fact]
    public void Decode_of_an_invocation_request_finds_the_binding_case_insensitively()
    {
        var request = InvocationRequest.Parse("stage-votes", "id-1", FixtureFiles.ReadJson("kafka-many-string.json"));

        var records = KafkaTriggerPayload.Decode(request, "EVENTS");

        Assert.Equal(FixtureRecords, records);
    }

    [Fact]
    public void Decode_of_a_missing_binding_names_it_and_the_bindings_present()
    {
        var request = InvocationRequest.Parse("stage-votes", "id-1", FixtureFiles.ReadJson("kafka-many-string.json"));

        var error = Assert.Throws<InvalidPayloadException>(() => KafkaTriggerPayload.Decode(request, "records"));

        Assert.Equal("Data.records", error.Path);
        Assert.Contains("events", error.Message);
    }

    [Fact]
    public void Encode_writes_the_host_form_doubly_encoded_with_metadata_arrays_as_strings()
    {
        var payload = KafkaTriggerPayload.Encode(FixtureRecords, "events", "stage-votes",
            DateTimeOffset.Parse("2026-03-16T12:00:02Z"), Guid.Empty);

        using var body = JsonDocument.Parse(payload.ToJsonString());
        var events = body.RootElement.GetProperty("Data").GetProperty("events");
        Assert.Equal(JsonValueKind.String, events.ValueKind);
        using var array = JsonDocument.Parse(events.GetString()!);
        Assert.All(array.RootElement.EnumerateArray(), e => Assert.Equal(JsonValueKind.String, e.ValueKind));
        using var first = JsonDocument.Parse(array.RootElement[0].GetString()!);
        Assert.Equal(42, first.RootElement.GetProperty("Offset").GetInt64());
        Assert.Equal("2026-03-16T12:00:00Z", first.RootElement.GetProperty("Timestamp").GetString());
        Assert.Equal("djE=", first.RootElement.GetProperty("Headers")[0].GetProperty("Value").GetString());

        var metadata = body.RootElement.GetProperty("Metadata");
        Assert.Equal("[42,43,7]", metadata.GetProperty("OffsetArray").GetString());
        Assert.Equal("[3,3,0]", metadata.GetProperty("PartitionArray").GetString());
        Assert.Equal("[\"test-key\",null,\"User_9\"]", metadata.GetProperty("KeyArray").GetString());
        Assert.Equal("stage-votes", metadata.GetProperty("sys").GetProperty("MethodName").GetString());
    }

    [Fact]
    public void Encode_then_decode_gives_back_the_fixture_records()
    {
        var payload = KafkaTriggerPayload.Encode(FixtureRecords);
        using var body = JsonDocument.Parse(payload.ToJsonString());

        var records = KafkaTriggerPayload.Decode(body.RootElement.GetProperty("Data").GetProperty("events"), body.RootElement.GetProperty("Metadata"));

        Assert.Equal(FixtureRecords, records);
    }

    [Fact]
    public void Encode_then_decode_round_trips_any_batch()
    {
        const string awkward = "\"quoted\" \\ / ü € \u0001 {\"a\":[1]}";
        var text = Gen.Select(Gen.String[Gen.Char.AlphaNumeric, 0, 12], Gen.Bool)
            .Select(t => t.Item2 ? t.Item1 + awkward : t.Item1);
        var header = Gen.Select(Gen.String[Gen.Char.AlphaNumeric, 1, 8], Gen.Byte.Array[0, 16]).Select(h => new KafkaHeader(h.Item1, h.Item2));
        var record = Gen.Select(
                Gen.String[Gen.Char.AlphaNumeric, 1, 10],
                Gen.Int[0, 1000],
                Gen.Long[0, long.MaxValue / 2],
                Gen.Long[0, 4_102_444_800_000],
                text.Null(),
                text,
                header.Array[0, 3])
            .Select(r => new KafkaEventRecord(r.Item1, r.Item2, r.Item3, r.Item4, r.Item5, r.Item6, r.Item7));

        record.List[0, 20].Run(batch =>
        {
            var payload = KafkaTriggerPayload.Encode(batch);
            using var body = JsonDocument.Parse(payload.ToJsonString());
            var decoded = KafkaTriggerPayload.Decode(body.RootElement.GetProperty("Data").GetProperty("events"), body.RootElement.GetProperty("Metadata"));
            return decoded.SequenceEqual(batch);
        }, cases: 300);
    }

    [Fact]
    public void Decode_of_an_empty_batch_is_empty()
    {
        using var data = JsonDocument.Parse("\"[]\"");

        Assert.Empty(KafkaTriggerPayload.Decode(data.RootElement, null));
    }

    [Theory]
    [InlineData("42", "Data.events", "expected an array")]
    [InlineData("\"not json\"", "Data.events", "not JSON")]
    [InlineData("[17]", "Data.events[0]", "expected a Kafka event object")]
    [InlineData("[{\"Offset\":\"x\",\"Partition\":0,\"Topic\":\"t\",\"Timestamp\":0,\"Value\":\"v\"}]", "Data.events[0].Offset", "expected an integer")]
    [InlineData("[{\"Offset\":1,\"Partition\":0,\"Topic\":5,\"Timestamp\":0,\"Value\":\"v\"}]", "Data.events[0].Topic", "expected a string")]
    [InlineData("[{\"Offset\":1,\"Partition\":0,\"Topic\":\"t\",\"Value\":\"v\"}]", "Data.events[0].Timestamp", "missing")]
    [InlineData("[{\"Offset\":1,\"Partition\":0,\"Topic\":\"t\",\"Timestamp\":\"yesterday\",\"Value\":\"v\"}]", "Data.events[0].Timestamp", "ISO-8601")]
    [InlineData("[{\"Offset\":1,\"Partition\":0,\"Topic\":\"t\",\"Timestamp\":0,\"Value\":\"v\",\"Headers\":[{\"Key\":\"k\",\"Value\":\"%%%\"}]}]", "Data.events[0].Headers[0].Value", "base64")]
    [InlineData("[\"raw value\"]", "Data.events[0]", "Metadata.TopicArray")]
    public void Decode_names_the_malformed_place(string data, string path, string problem)
    {
        using var document = JsonDocument.Parse(data);

        var error = Assert.Throws<InvalidPayloadException>(() => KafkaTriggerPayload.Decode(document.RootElement, null, "Data.events"));

        Assert.Equal(path, error.Path);
        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void Decode_of_value_only_elements_reports_short_metadata()
    {
        using var data = JsonDocument.Parse("[\"a\",\"b\"]");
        using var metadata = JsonDocument.Parse(
            "{\"TopicArray\":\"[\\\"t\\\"]\",\"PartitionArray\":\"[0]\",\"OffsetArray\":\"[0]\",\"TimestampArray\":\"[0]\"}");

        var error = Assert.Throws<InvalidPayloadException>(() => KafkaTriggerPayload.Decode(data.RootElement, metadata.RootElement, "Data.events"));

        Assert.Equal("Metadata.TopicArray", error.Path);
        Assert.Contains("Data.events[1]", error.Message);
    }

    [Fact]
    public void A_segment_object_is_not_mistaken_for_an_event()
    {
        using var data = JsonDocument.Parse("[\"{\\\"Topic\\\":\\\"mine\\\",\\\"Value\\\":3}\"]");
        using var metadata = JsonDocument.Parse(
            "{\"TopicArray\":[\"votes\"],\"PartitionArray\":[1],\"OffsetArray\":[9],\"TimestampArray\":[\"2026-01-01T00:00:00Z\"]}");

        var record = Assert.Single(KafkaTriggerPayload.Decode(data.RootElement, metadata.RootElement));

        Assert.Equal("votes", record.Topic);
        Assert.Equal(9, record.Offset);
        Assert.Equal("{\"Topic\":\"mine\",\"Value\":3}", record.Value);
    }

    [Theory]
    [InlineData(0L, "1970-01-01T00:00:00Z")]
    [InlineData(470L, "1970-01-01T00:00:00.47Z")]
    [InlineData(1_773_662_400_001L, "2026-03-16T12:00:00.001Z")]
    public void FormatTimestamp_writes_what_JsonNet_writes_for_a_utc_DateTime(long epochMilliseconds, string expected)
    {
        Assert.Equal(expected, KafkaTriggerPayload.FormatTimestamp(epochMilliseconds));
    }
}
