using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using CsCheck;
using ServerlessStreams.Functions.Hosting;
using ServerlessStreams.Functions.Tests.Fixtures;
using static ServerlessStreams.Functions.Tests.Hosting.KafkaPayloadSamples;

namespace ServerlessStreams.Functions.Tests.Hosting;

/// <summary>A body parsed without its large Data strings must read exactly as the whole body parsed.</summary>
public class InvocationBodyTests
{
    [Theory]
    [InlineData("kafka-many-string.json")]
    [InlineData("kafka-many-string-array-of-strings.json")]
    [InlineData("kafka-many-string-singly-encoded.json")]
    [InlineData("kafka-many-values-only.json")]
    [InlineData("timer.json")]
    [InlineData("http-query.json")]
    public void Fixtures_read_the_same_with_their_data_strings_left_out(string fixture)
    {
        AssertReadsAsWhole(Encoding.UTF8.GetBytes(FixtureFiles.Read(fixture)));
    }

    [Fact]
    public void Encoded_batches_read_the_same_with_the_batch_left_out()
    {
        Batch.Run(batch =>
        {
            using var payload = KafkaTriggerPayload.Encode(batch);
            AssertReadsAsWhole(payload.Utf8Body.ToArray(), expectUnparsed: true);
            foreach (var encoder in new[] { null, Relaxed })
            {
                using var other = NodeEncodedBody(batch, encoder);
                AssertReadsAsWhole(Encoding.UTF8.GetBytes(other.RootElement.GetRawText()), expectUnparsed: true);
            }
        }, cases: 200);
    }

    [Fact]
    public void The_scan_finds_each_long_data_string_where_the_document_has_it()
    {
        var json = Encoding.UTF8.GetBytes(
            """ { "Metadata" : {"a":"}\"{"} , "Data" : { "short" : "ab", "events" : "x\\\"y\\\\", "n": [1, {"s":"\""}], "t" : true } } """);

        var found = UnparsedDataStrings.Find(json, minLength: 3);

        using var document = JsonDocument.Parse(json);
        var data = document.RootElement.GetProperty("Data");
        Assert.Equal(["events"], found.Select(f => f.Name));
        Assert.Equal(Contents(data.GetProperty("events")), json.AsSpan(found[0].Start, found[0].Length).ToArray());
        Assert.Equal(["events", "short"], UnparsedDataStrings.Find(json, minLength: 0).Select(f => f.Name).Order());
        Assert.Empty(UnparsedDataStrings.Find(json, minLength: 100));
    }

    [Fact]
    public void The_end_of_a_string_is_the_first_quote_no_backslash_run_of_odd_length_escapes()
    {
        // Long runs of backslashes and quotes, across 64-byte blocks and at every offset, against a byte loop.
        var bytes = Gen.OneOf(Gen.Const((byte)'\\'), Gen.Const((byte)'"'), Gen.Const((byte)'a'), Gen.Byte);
        Gen.Select(bytes.Array[0, 300], Gen.Int[0, 70], Gen.Int[1, 12]).Sample(sample =>
        {
            var (pieces, start, stretch) = sample;
            // Stretching repeats each byte, so runs of every length occur.
            var json = pieces.SelectMany(b => Enumerable.Repeat(b == (byte)'"' && stretch > 1 ? (byte)'\\' : b, stretch - 1).Append(b)).ToArray();
            var from = Math.Min(start, json.Length);
            Assert.Equal(ReferenceEnd(json, from), UnparsedDataStrings.StringEnd(json, from));
        }, iter: 3000);
    }

    private static int ReferenceEnd(byte[] json, int start)
    {
        for (var i = start; i < json.Length; i++)
        {
            if (json[i] == (byte)'"') return i;
            if (json[i] == (byte)'\\') i++;
        }
        return -1;
    }

    [Theory]
    [InlineData("""[{"Data":{"events":"abc"}}]""")]
    [InlineData("""{"Data":{"events":"abc"},"data":{}}""")]
    [InlineData("""{"Data":{"events":"abc","Events":"def"}}""")]
    [InlineData("""{"Data":{"ev\u0065nts":"abc"}}""")]
    [InlineData("""{"Data":{"events":"abc}""")]
    [InlineData("""{"Data":{"events":"abc"}} x""")]
    [InlineData("""{"Data":"abc"}""")]
    public void Shapes_the_scan_does_not_know_leave_the_body_to_be_parsed_whole(string body)
    {
        Assert.Empty(UnparsedDataStrings.Find(Encoding.UTF8.GetBytes(body), minLength: 0));
    }

    [Theory]
    [InlineData("""{"Data":{"events":"[]"},"Metadata":{""")]
    [InlineData("""{"Data":{"events":"[]"},"Metadata":{"a":tru}}""")]
    [InlineData("""{"Data":{"events":"[]",}}""")]
    public void A_body_broken_outside_its_data_strings_fails_as_the_whole_body_does(string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var expected = Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(bytes));

        var actual = Assert.ThrowsAny<JsonException>(() => Parse(bytes).Dispose());

        Assert.Equal(expected.Message, actual.Message);
    }

    [Theory]
    [InlineData("[\u0001]")]
    [InlineData("[\\x]")]
    [InlineData("[\\\"{\\\"Offset\\\":\u0001}\\\"]")]
    public void A_data_string_that_is_not_valid_JSON_fails_when_it_is_read(string contents)
    {
        var bytes = Encoding.UTF8.GetBytes("{\"Data\":{\"events\":\"" + contents + "\"},\"Metadata\":{}}");
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(bytes));

        using var body = Parse(bytes);
        var request = body.Borrow("stage", "id");

        Assert.True(request.TryGetUnparsedString("events", out _));
        Assert.ThrowsAny<JsonException>(() => KafkaTriggerPayload.Decode(request, "events"));
        var error = Assert.ThrowsAny<JsonException>(() => request.Data["events"]);
        Assert.StartsWith("Data.events is not a valid JSON string: ", error.Message);
    }

    private static void AssertReadsAsWhole(byte[] json, bool expectUnparsed = false)
    {
        using var whole = JsonDocument.Parse(json);
        var expected = InvocationRequest.Borrow("stage", "id", whole.RootElement);

        using var body = Parse(json);
        var actual = body.Borrow("stage", "id");

        if (expectUnparsed) Assert.True(actual.TryGetUnparsedString("events", out _));
        Assert.Equal(Raw(expected.Data), Raw(actual.Data));
        Assert.Equal(Raw(expected.Metadata), Raw(actual.Metadata));
        if (expected.Data.ContainsKey("events"))
        {
            var fromWhole = Decoded(() => KafkaTriggerPayload.Decode(expected, "events"));
            var fromBody = Decoded(() => KafkaTriggerPayload.Decode(actual, "events"));
            Assert.Equal(fromWhole, fromBody);
        }
    }

    /// <summary>The records, or the error's type and text: both paths must agree on either.</summary>
    private static object Decoded(Func<IReadOnlyList<KafkaEventRecord>> decode)
    {
        try
        {
            return decode().ToList();
        }
        catch (Exception e) when (e is JsonException or InvalidPayloadException)
        {
            return $"{e.GetType().Name}: {e.Message}";
        }
    }

    /// <summary>Every string under Data is left out, however short, so the fixtures exercise the path.</summary>
    private static InvocationBody Parse(byte[] json)
    {
        var rented = ArrayPool<byte>.Shared.Rent(json.Length);
        json.CopyTo(rented, 0);
        return InvocationBody.Parse(rented, json.Length, minUnparsedLength: 0);
    }

    private static Dictionary<string, string> Raw(IReadOnlyDictionary<string, JsonElement> section) =>
        section.ToDictionary(p => p.Key, p => p.Value.GetRawText());

    private static byte[] Contents(JsonElement text) => JsonMarshal.GetRawUtf8Value(text)[1..^1].ToArray();
}
