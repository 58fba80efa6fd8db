using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using ServerlessStreams.Functions.Hosting;

namespace ServerlessStreams.Functions.Tests.Hosting;

/// <summary>Records with awkward text, and kafkaTrigger bodies written the way other encoders write them.</summary>
internal static class KafkaPayloadSamples
{
    /// <summary>Pieces that need escaping in JSON, or that encoders treat differently.</summary>
    private static readonly string[] AwkwardPieces =
        ["\"", "\\", "/", "\u0001", "\n", "\t", "ü", "€", "😀", "\u2028", "<&>+'", "{\"a\":[1]}", "\\u0041", " ", "\\\""];

    public static readonly Gen<string> Text =
        Gen.Select(Gen.String[Gen.Char.AlphaNumeric, 0, 8], Gen.OneOf(AwkwardPieces).Array[0, 3])
            .Select(t => t.Item1 + string.Concat(t.Item2));

    public static readonly Gen<KafkaHeader> Header =
        Gen.Select(Text, Gen.Byte.Array[0, 16]).Select(h => new KafkaHeader(h.Item1, h.Item2));

    public static readonly Gen<KafkaEventRecord> Record = Gen.Select(
            Gen.String[Gen.Char.AlphaNumeric, 1, 10],
            Gen.Int[0, 1000],
            Gen.Long[0, long.MaxValue / 2],
            Gen.Long[0, 4_102_444_800_000],
            Text.Null(),
            Text,
            Header.Array[0, 3])
        .Select(r => new KafkaEventRecord(r.Item1, r.Item2, r.Item3, r.Item4, r.Item5, r.Item6, r.Item7));

    public static readonly Gen<List<KafkaEventRecord>> Batch = Record.List[0, 12];

    /// <summary>
    /// The body as the previous encoder wrote it, with <see cref="System.Text.Json.Nodes"/> trees and an encoder of choice:
    /// the default one escapes quotes as <c>\u0022</c>, '+' in base64 as <c>\u002B</c>, and all non-ASCII.
    /// </summary>
    public static JsonDocument NodeEncodedBody(IReadOnlyList<KafkaEventRecord> records, JavaScriptEncoder? encoder = null)
    {
        var options = new JsonSerializerOptions { Encoder = encoder };
        var events = new JsonArray(records.Select(r => (JsonNode?)JsonValue.Create(EventObject(r).ToJsonString(options))).ToArray());
        var body = new JsonObject
        {
            ["Data"] = new JsonObject { ["events"] = events.ToJsonString(options) },
            ["Metadata"] = new JsonObject
            {
                ["PartitionArray"] = ArrayText(records.Select(r => (JsonNode?)r.Partition), options),
                ["OffsetArray"] = ArrayText(records.Select(r => (JsonNode?)r.Offset), options),
                ["TimestampArray"] = ArrayText(records.Select(r => (JsonNode?)KafkaTriggerPayload.FormatTimestamp(r.Timestamp)), options),
                ["TopicArray"] = ArrayText(records.Select(r => (JsonNode?)r.Topic), options),
                ["KeyArray"] = ArrayText(records.Select(r => (JsonNode?)r.Key), options),
                ["HeadersArray"] = ArrayText(records.Select(r => (JsonNode?)HeadersArray(r.Headers)), options),
                ["sys"] = new JsonObject { ["MethodName"] = "stage-votes", ["UtcNow"] = "2026-03-16T12:00:02Z", ["RandGuid"] = Guid.Empty.ToString() },
            },
        };
        return JsonDocument.Parse(body.ToJsonString(options));
    }

    /// <summary>An event object as the extension writes it, from its JSON text.</summary>
    public static JsonObject EventObject(KafkaEventRecord record) => new()
    {
        ["Offset"] = record.Offset,
        ["Partition"] = record.Partition,
        ["Topic"] = record.Topic,
        ["Timestamp"] = KafkaTriggerPayload.FormatTimestamp(record.Timestamp),
        ["Key"] = record.Key,
        ["Value"] = record.Value,
        ["Headers"] = HeadersArray(record.Headers),
    };

    public static JsonArray HeadersArray(IEnumerable<KafkaHeader> headers) =>
        new(headers.Select(h => (JsonNode?)new JsonObject { ["Key"] = h.Key, ["Value"] = Convert.ToBase64String(h.Value) }).ToArray());

    /// <summary><c>Data.events</c> holding the given event texts: as a string the way <paramref name="encoder"/> writes it, or as a real array.</summary>
    public static JsonDocument DataHolding(IEnumerable<string> eventTexts, JavaScriptEncoder? encoder, bool asString = true)
    {
        var options = new JsonSerializerOptions { Encoder = encoder };
        var array = JsonSerializer.Serialize(eventTexts.ToArray(), options);
        return JsonDocument.Parse(asString ? JsonSerializer.Serialize(array, options) : array);
    }

    public static readonly JavaScriptEncoder Relaxed = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static string ArrayText(IEnumerable<JsonNode?> items, JsonSerializerOptions options) =>
        new JsonArray(items.ToArray()).ToJsonString(options);
}
