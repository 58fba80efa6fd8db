using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ServerlessStreams.Functions.Hosting;
using ServerlessStreams.Testing;
using static ServerlessStreams.Functions.Tests.Hosting.KafkaPayloadSamples;

namespace ServerlessStreams.Functions.Tests.Hosting;

public class KafkaTriggerPayloadWriterTests
{
    private static readonly DateTimeOffset UtcNow = DateTimeOffset.Parse("2026-03-16T12:00:02Z");

    [Fact]
    public void Encode_means_what_the_node_based_encoding_meant()
    {
        Batch.Run(batch =>
        {
            using var payload = KafkaTriggerPayload.Encode(batch, "events", "stage-votes", UtcNow, Guid.Empty);
            using var written = JsonDocument.Parse(payload.Utf8Body);
            using var expected = NodeEncodedBody(batch);

            Assert.Equal(Unwrapped(expected.RootElement).ToJsonString(), Unwrapped(written.RootElement).ToJsonString());
        }, cases: 300);
    }

    [Fact]
    public void Encode_escapes_only_what_JsonNet_escapes()
    {
        var record = new KafkaEventRecord("t", 0, 1, 0, "ü", "{\"note\":\"<&>+ ü\"}", [new KafkaHeader("h", [0xFB, 0xFF])]);

        using var payload = KafkaTriggerPayload.Encode([record]);
        var body = payload.ToJsonString();

        Assert.DoesNotContain("\\u0022", body);
        Assert.DoesNotContain("\\u00", body);
        Assert.Contains("<&>+ ü", body);
        Assert.Contains("+/8=", body);
    }

    [Fact]
    public void Encode_of_an_empty_batch_has_empty_arrays()
    {
        using var payload = KafkaTriggerPayload.Encode([], "events", "stage-votes", UtcNow, Guid.Empty);
        using var body = JsonDocument.Parse(payload.Utf8Body);

        Assert.Equal("[]", body.RootElement.GetProperty("Data").GetProperty("events").GetString());
        foreach (var name in new[] { "PartitionArray", "OffsetArray", "TimestampArray", "TopicArray", "KeyArray", "HeadersArray" })
        {
            Assert.Equal("[]", body.RootElement.GetProperty("Metadata").GetProperty(name).GetString());
        }
        Assert.Empty(KafkaTriggerPayload.Decode(InvocationRequest.Parse("stage-votes", "", body.RootElement), "events"));
    }

    [Fact]
    public void Encode_escapes_the_binding_name()
    {
        var record = new KafkaEventRecord("t", 0, 1, 0, null, "v");

        using var payload = KafkaTriggerPayload.Encode([record], "odd \"name\"");
        using var body = JsonDocument.Parse(payload.Utf8Body);

        Assert.Equal([record], KafkaTriggerPayload.Decode(InvocationRequest.Parse("f", "", body.RootElement), "odd \"name\""));
    }

    [Fact]
    public void A_large_batch_grows_the_buffers_and_round_trips()
    {
        var value = new string('x', 70_000) + "\"ü\\";
        var records = Enumerable.Range(0, 40).Select(i => new KafkaEventRecord("t", i % 3, i, i, $"k{i}", value + i)).ToList();

        using var payload = KafkaTriggerPayload.Encode(records);
        using var body = JsonDocument.Parse(payload.Utf8Body);

        Assert.Equal(records, KafkaTriggerPayload.Decode(InvocationRequest.Parse("f", "", body.RootElement), KafkaBindingDefaults.Name));
    }

    [Fact]
    public void A_disposed_payload_has_no_body_any_more()
    {
        var payload = KafkaTriggerPayload.Encode([new KafkaEventRecord("t", 0, 1, 0, null, "v")]);
        Assert.Equal(payload.ToJsonString(), Encoding.UTF8.GetString(payload.Utf8Body.Span));

        payload.Dispose();
        payload.Dispose();

        Assert.Throws<ObjectDisposedException>(() => payload.Utf8Body);
    }

    /// <summary>The body with every JSON-in-a-string parsed, so two encodings compare by meaning.</summary>
    private static JsonObject Unwrapped(JsonElement body)
    {
        var events = JsonNode.Parse(body.GetProperty("Data").GetProperty("events").GetString()!)!.AsArray();
        var metadata = new JsonObject();
        foreach (var property in body.GetProperty("Metadata").EnumerateObject())
        {
            metadata[property.Name] = property.Value.ValueKind == JsonValueKind.String
                ? JsonNode.Parse(property.Value.GetString()!)
                : JsonNode.Parse(property.Value.GetRawText());
        }
        return new JsonObject
        {
            ["events"] = new JsonArray(events.Select(e => JsonNode.Parse(e!.GetValue<string>())).ToArray()),
            ["Metadata"] = metadata,
        };
    }
}
