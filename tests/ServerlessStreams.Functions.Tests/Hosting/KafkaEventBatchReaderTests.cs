using System.Text.Json;
using ServerlessStreams.Functions.Hosting;
using ServerlessStreams.Functions.Tests.Fixtures;
using ServerlessStreams.Testing;
using static ServerlessStreams.Functions.Tests.Hosting.KafkaPayloadSamples;

namespace ServerlessStreams.Functions.Tests.Hosting;

/// <summary>The UTF-8 fast path must read every batch it accepts exactly as the element-based reader does.</summary>
public class KafkaEventBatchReaderTests
{
    private const string Standard =
        """{"Offset":1,"Partition":0,"Topic":"t","Timestamp":"2026-01-01T00:00:00Z","Key":"k","Value":"v","Headers":[]}""";

    /// <summary>Coordinates for elements the decoder reads as bare values.</summary>
    private static readonly JsonElement Metadata = JsonDocument.Parse(
        """{"TopicArray":["m"],"PartitionArray":[9],"OffsetArray":[99],"TimestampArray":[5],"KeyArray":["mk"],"HeadersArray":[[]]}""").RootElement;

    [Theory]
    [InlineData("kafka-many-string.json")]
    [InlineData("kafka-many-string-array-of-strings.json")]
    public void The_fast_path_reads_the_standard_fixtures_as_the_element_reader_does(string fixture)
    {
        var body = FixtureFiles.ReadJson(fixture);
        var data = body.GetProperty("Data").GetProperty("events");

        var fast = KafkaEventBatchReader.TryRead(data);

        Assert.NotNull(fast);
        Assert.Equal(KafkaTriggerPayload.DecodeElements(data, body.GetProperty("Metadata"), "Data.events"), fast);
    }

    [Theory]
    [InlineData("kafka-many-string-singly-encoded.json")]
    [InlineData("kafka-many-values-only.json")]
    public void The_fast_path_leaves_other_forms_to_the_element_reader(string fixture)
    {
        var data = FixtureFiles.ReadJson(fixture).GetProperty("Data").GetProperty("events");

        Assert.Null(KafkaEventBatchReader.TryRead(data));
    }

    [Fact]
    public void Encoded_batches_read_the_same_on_both_paths()
    {
        Batch.Run(batch =>
        {
            using var payload = KafkaTriggerPayload.Encode(batch);
            using var body = JsonDocument.Parse(payload.Utf8Body);
            AssertBothPathsRead(batch, body);
        }, cases: 300);
    }

    [Fact]
    public void Batches_written_by_other_encoders_read_the_same_on_both_paths()
    {
        Batch.Run(batch =>
        {
            foreach (var encoder in new[] { null, Relaxed })
            {
                using var body = NodeEncodedBody(batch, encoder);
                AssertBothPathsRead(batch, body);
            }
        }, cases: 200);
    }

    /// <summary>The fast path takes the body's batch, and it and the element reader both read exactly the records sent.</summary>
    private static void AssertBothPathsRead(List<KafkaEventRecord> batch, JsonDocument body)
    {
        var data = body.RootElement.GetProperty("Data").GetProperty("events");

        var fast = KafkaEventBatchReader.TryRead(data);

        Assert.NotNull(fast);
        Assert.Equal(batch, fast);
        Assert.Equal(batch, KafkaTriggerPayload.DecodeElements(data, body.RootElement.GetProperty("Metadata")));
    }

    [Fact]
    public void Standard_events_take_the_fast_path_in_every_form()
    {
        string[] events =
        [
            Standard,
            Standard.Replace("\"Key\":\"k\"", "\"Key\":null").Replace("\"Value\":\"v\"", "\"Value\":null"),
            Standard.Replace("\"2026-01-01T00:00:00Z\"", "1767225600000").Replace("\"Headers\":[]", "\"Headers\":null"),
            Standard.Replace("[]", "[{\"Key\":\"h\",\"Value\":\"djE=\"}]") + " ",
        ];
        foreach (var (encoder, asString) in new[] { (Relaxed, true), (null, true), (Relaxed, false) })
        {
            using var data = DataHolding(events, encoder, asString);

            var fast = KafkaEventBatchReader.TryRead(data.RootElement);

            Assert.NotNull(fast);
            Assert.Equal(KafkaTriggerPayload.DecodeElements(data.RootElement, null), fast);
        }
    }

    public static TheoryData<string> OddEvents => new()
    {
        Standard,
        Standard.Replace("\"Offset\":1,", "\"Offset\":1,\"offset\":2,"),
        Standard.Replace("\"Offset\":1,", "\"Offset\":1,\"Offset\":2,"),
        Standard.ToLowerInvariant(),
        Standard.Replace("\"Offset\":1", "\"Offset\":\"1\""),
        Standard.Replace("\"Offset\":1", "\"Offset\":1.0"),
        Standard.Replace("\"Partition\":0", "\"Partition\":4294967296"),
        Standard.Replace("\"2026-01-01T00:00:00Z\"", "1767225600000"),
        Standard.Replace("\"2026-01-01T00:00:00Z\"", "\"1767225600000\""),
        Standard.Replace("00:00:00Z", "00:00:00.1234567Z"),
        Standard.Replace("00:00:00Z", "00:00:00.12345678Z"),
        Standard.Replace("00:00:00Z", "00:00:00+01:00"),
        Standard.Replace("00:00:00Z", "00:00:00"),
        Standard.Replace("00:00:00Z", "00:00:60Z"),
        Standard.Replace("2026-01-01", "2026-02-30"),
        Standard.Replace("2026-01-01T", "2026-01-01t"),
        Standard.Replace("\"Key\":\"k\"", "\"Key\":5"),
        Standard.Replace("\"Key\":\"k\"", "\"Key\":null"),
        Standard.Replace("\"Key\":\"k\",", ""),
        Standard.Replace("\"Value\":\"v\"", "\"Value\":null"),
        Standard.Replace("\"Value\":\"v\"", "\"Value\":{\"a\":1}"),
        Standard.Replace("\"Value\":\"v\"", "\"Value\":\"\\ud800\""),
        Standard.Replace("\"Value\":\"v\"", "\"Value\":\"\\u00fc \\ud83d\\ude00 \\\" \\\\ \\/\""),
        Standard.Replace("\"Topic\":\"t\",", ""),
        Standard.Replace("\"Topic\":\"t\"", "\"\\u0054opic\":\"t\""),
        Standard.Replace("\"Topic\":\"t\"", "\"Topic\":\"t\",\"Extra\":{\"a\":[1,{\"b\":null}],\"Offset\":7}"),
        Standard.Replace("\"Headers\":[]", "\"Headers\":null"),
        Standard.Replace(",\"Headers\":[]", ""),
        Standard.Replace("[]", "[{\"Key\":\"h\",\"Value\":\"djE=\"},{\"Key\":\"e\",\"Value\":\"\"},{\"Key\":\"n\",\"Value\":null},{\"Key\":\"m\"}]"),
        Standard.Replace("[]", "[{\"Key\":\"h\",\"Value\":\"djF=\"}]"),
        Standard.Replace("[]", "[{\"Key\":\"h\",\"Value\":\"dj E=\"}]"),
        Standard.Replace("[]", "[{\"Key\":\"h\",\"Value\":\"djE\"}]"),
        Standard.Replace("[]", "[{\"Key\":\"h\",\"Value\":\"%%%\"}]"),
        Standard.Replace("[]", "[{\"Key\":\"h\",\"Value\":\"a\\u002Bb/\"}]"),
        Standard.Replace("[]", "[{\"Key\":\"h\",\"key\":\"i\",\"Value\":\"\"}]"),
        Standard.Replace("[]", "[{\"Key\":\"h\",\"Value\":\"\",\"Other\":[1]}]"),
        Standard.Replace("[]", "[{\"Value\":\"djE=\"}]"),
        Standard.Replace("[]", "[17]"),
        Standard.Replace("[]", "{}"),
        Standard + " ",
        Standard + " x",
        " " + Standard,
        Standard[..^1],
        "{}",
        "raw value",
        "{\"Topic\":\"mine\",\"Value\":3}",
        "",
    };

    [Theory]
    [MemberData(nameof(OddEvents))]
    public void An_odd_event_reads_the_same_on_both_paths_or_goes_to_the_element_reader(string eventText)
    {
        foreach (var (encoder, asString) in new[] { (Relaxed, true), (null, true), (Relaxed, false) })
        {
            using var data = DataHolding([Standard, eventText], encoder, asString);
            AssertBothPathsAgree(data.RootElement);
        }
    }

    [Theory]
    [InlineData("\"[]\"")]
    [InlineData("\" [ ] \"")]
    [InlineData("\"[\\n]\"")]
    [InlineData("\"[\"")]
    [InlineData("\"[] x\"")]
    [InlineData("\"[,]\"")]
    [InlineData("\"not json\"")]
    [InlineData("\"\\\"[]\\\"\"")]
    [InlineData("\"[17]\"")]
    [InlineData("\"[\\\"a\\\",]\"")]
    [InlineData("\"[\\\"a\\\"\\t,\\r\\n \\\"b\\\"]\"")]
    [InlineData("\"[\\\"\\\\ud800\\\"]\"")]
    [InlineData("\"[\\\"\\u0001\\\"]\"")]
    [InlineData("\"[\\\"a\\\\qb\\\"]\"")]
    [InlineData("[]")]
    [InlineData("[\"a\", 1]")]
    [InlineData("[null]")]
    [InlineData("42")]
    public void Odd_data_reads_the_same_on_both_paths_or_goes_to_the_element_reader(string dataJson)
    {
        using var data = JsonDocument.Parse(dataJson);

        AssertBothPathsAgree(data.RootElement);
    }

    [Fact]
    public void Events_with_whitespace_and_unicode_escapes_around_them_read_the_same_on_both_paths()
    {
        var array = $"[ {JsonSerializer.Serialize(Standard)} ,\n\t{JsonSerializer.Serialize(Standard.Replace("\"k\"", "\"\\u00fc\""))}\r\n]";
        foreach (var encoder in new[] { null, Relaxed })
        {
            using var data = JsonDocument.Parse(JsonSerializer.Serialize(array, new JsonSerializerOptions { Encoder = encoder }));

            var fast = AssertBothPathsAgree(data.RootElement);

            Assert.Equal(["k", "ü"], fast!.Select(r => r.Key));
        }
    }

    [Fact]
    public void Invalid_utf8_goes_to_the_element_reader_which_refuses_it()
    {
        var text = Utf8("\"[\\\"" + Standard.Replace("\"", "\\\\\\\"").Replace("\\\\\\\"v\\\\\\\"", "\\\\\\\"#\\\\\\\"") + "\\\"]\"");
        text[Array.IndexOf(text, (byte)'#')] = 0xFF;
        using var data = JsonDocument.Parse(text);

        Assert.Null(KafkaEventBatchReader.TryRead(data.RootElement));
        Assert.Throws<InvalidOperationException>(() => KafkaTriggerPayload.Decode(data.RootElement, null));
    }

    /// <summary>The fast path returns null, or what the element-based reader returns; and Decode behaves as that reader.</summary>
    private static List<KafkaEventRecord>? AssertBothPathsAgree(JsonElement data)
    {
        var fast = KafkaEventBatchReader.TryRead(data);
        var elements = Outcome(() => KafkaTriggerPayload.DecodeElements(data, Metadata, "Data.events"));
        var decoded = Outcome(() => KafkaTriggerPayload.Decode(data, Metadata, "Data.events"));

        if (fast is not null)
        {
            Assert.Null(elements.Error);
            Assert.Equal(elements.Records, fast);
        }
        Assert.Equal(elements.Error?.GetType(), decoded.Error?.GetType());
        Assert.Equal(elements.Error?.Message, decoded.Error?.Message);
        Assert.Equal(elements.Records, decoded.Records);
        return fast;
    }

    private static (IReadOnlyList<KafkaEventRecord>? Records, Exception? Error) Outcome(Func<IReadOnlyList<KafkaEventRecord>> decode)
    {
        try
        {
            return (decode(), null);
        }
        catch (Exception e)
        {
            return (null, e);
        }
    }
}
