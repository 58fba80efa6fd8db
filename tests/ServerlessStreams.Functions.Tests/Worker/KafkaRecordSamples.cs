using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using ServerlessStreams.Functions.Hosting;
using ServerlessStreams.Local.Host;
using ServerlessStreams.Local.Host.Rpc;
using ServerlessStreams.Local.Host.Rpc.Messages;

namespace ServerlessStreams.Functions.Tests.Worker;

/// <summary>Records with awkward text, and their JSON as the host's encoder and as other encoders write it.</summary>
internal static class KafkaRecordSamples
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
    /// A batch as the local host sends it (which is as the Functions host does, <c>dataType: binary</c>), bound as the
    /// worker SDK binds it (GrpcFunctionBindingsFeature, ArrayConverter): the values as <c>byte[][]</c>, and the trigger
    /// metadata with JSON as strings and collections as lists.
    /// </summary>
    public static (byte[][] Values, Dictionary<string, object?> Metadata) HostBatch(IReadOnlyList<KafkaEventRecord> records) =>
        Bound(InvocationRequests.KafkaBatch(Functions.Worker.JobFunctionCatalog.KafkaEventsParameter, records, KafkaBatchDataType.Binary));

    /// <summary>A request's batch as the worker SDK binds it.</summary>
    public static (byte[][] Values, Dictionary<string, object?> Metadata) Bound(InvocationRequest request) =>
        ([.. request.InputData.Single().Data.CollectionBytes.Bytes.Select(b => b.ToByteArray())],
            request.TriggerMetadata.ToDictionary(p => p.Key, p => p.Value.DataCase switch
            {
                TypedData.DataOneofCase.CollectionSint64 => (object?)p.Value.CollectionSint64.Sint64,
                TypedData.DataOneofCase.CollectionString => p.Value.CollectionString.String,
                _ => p.Value.Json,
            }, StringComparer.OrdinalIgnoreCase));

    /// <summary>
    /// A record's JSON through <see cref="System.Text.Json.Nodes"/> and an encoder of choice: the default one escapes
    /// quotes as <c>\u0022</c>, '+' in base64 as <c>\u002B</c>, and all non-ASCII.
    /// </summary>
    public static string NodeEncoded(KafkaEventRecord record, JavaScriptEncoder? encoder = null) => new JsonObject
    {
        ["Offset"] = record.Offset,
        ["Partition"] = record.Partition,
        ["Topic"] = record.Topic,
        ["Timestamp"] = DateTimeOffset.FromUnixTimeMilliseconds(record.Timestamp).UtcDateTime,
        ["Key"] = record.Key,
        ["Value"] = record.ValueText,
        ["Headers"] = new JsonArray(record.Headers.Select(h =>
            (JsonNode?)new JsonObject { ["Key"] = h.Key, ["Value"] = Convert.ToBase64String(h.Value) }).ToArray()),
    }.ToJsonString(new JsonSerializerOptions { Encoder = encoder });

    public static readonly JavaScriptEncoder Relaxed = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
