using System.Runtime.CompilerServices;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ServerlessStreams.Functions.Hosting;

/// <summary>
/// Writes a kafkaTrigger invocation body straight to UTF-8 in pooled buffers: each event object into a scratch buffer,
/// then escaped twice into the text of <c>Data.&lt;binding&gt;</c>; each metadata array into the scratch buffer, then
/// escaped once into its string (see <see cref="KafkaTriggerPayload"/>).
/// </summary>
/// <remarks>
/// The per-record methods are compiled fully optimised from the start: they run thousands of times per call, and a
/// freshly started handler would otherwise run them unoptimised until tiered compilation gets round to them.
/// </remarks>
internal static class KafkaTriggerPayloadWriter
{
    /// <summary>Json.NET, which the host and the extension use, escapes only quotes, backslashes and control characters.</summary>
    private static readonly JsonWriterOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    private static readonly JsonEncodedText Offset = Name("Offset");
    private static readonly JsonEncodedText Partition = Name("Partition");
    private static readonly JsonEncodedText Topic = Name("Topic");
    private static readonly JsonEncodedText Timestamp = Name("Timestamp");
    private static readonly JsonEncodedText Key = Name("Key");
    private static readonly JsonEncodedText Value = Name("Value");
    private static readonly JsonEncodedText Headers = Name("Headers");
    private static readonly JsonEncodedText PartitionArray = Name("PartitionArray");
    private static readonly JsonEncodedText OffsetArray = Name("OffsetArray");
    private static readonly JsonEncodedText TimestampArray = Name("TimestampArray");
    private static readonly JsonEncodedText TopicArray = Name("TopicArray");
    private static readonly JsonEncodedText KeyArray = Name("KeyArray");
    private static readonly JsonEncodedText HeadersArray = Name("HeadersArray");
    private static readonly JsonEncodedText Sys = Name("sys");
    private static readonly JsonEncodedText MethodName = Name("MethodName");
    private static readonly JsonEncodedText UtcNow = Name("UtcNow");
    private static readonly JsonEncodedText RandGuid = Name("RandGuid");

    public static InvocationPayload Write(
        IReadOnlyList<KafkaEventRecord> records, string bindingName, string functionName, DateTimeOffset utcNow, Guid randGuid)
    {
        using var scratch = new Scratch();
        using var data = new PooledBufferWriter(EstimateEventBytes(records) * 2);
        WriteEventArrayText(data, records, scratch);

        using var metadata = new PooledBufferWriter((records.Count * 128) + 1024);
        using (var metadataJson = new Utf8JsonWriter(metadata, Options))
        {
            metadataJson.WriteStartObject();
            WriteMetadataArrays(metadataJson, records, scratch);
            metadataJson.WriteStartObject(Sys);
            metadataJson.WriteString(MethodName, functionName);
            metadataJson.WriteString(UtcNow, utcNow.UtcDateTime);
            metadataJson.WriteString(RandGuid, randGuid.ToString());
            metadataJson.WriteEndObject();
            metadataJson.WriteEndObject();
        }

        // {"Data":{"<binding>":<data>},"Metadata":<metadata>}, assembled at its exact size.
        var name = JsonEncodedText.Encode(bindingName, Options.Encoder).EncodedUtf8Bytes;
        var length = "{\"Data\":{\"\":},\"Metadata\":}"u8.Length + name.Length + data.WrittenCount + metadata.WrittenCount;
        var body = new PooledBufferWriter(length);
        body.Write("{\"Data\":{\""u8);
        body.Write(name);
        body.Write("\":"u8);
        body.Write(data.WrittenSpan);
        body.Write("},\"Metadata\":"u8);
        body.Write(metadata.WrittenSpan);
        body.Write("}"u8);
        return InvocationPayload.FromRented(body.Detach(), length);
    }

    /// <summary>
    /// <c>Data.&lt;binding&gt;</c>: a JSON string holding a JSON array of JSON strings, each holding an event object.
    /// Each event is escaped twice in one pass rather than once into an array and the array again.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WriteEventArrayText(PooledBufferWriter output, IReadOnlyList<KafkaEventRecord> records, Scratch scratch)
    {
        output.Write("\"["u8);
        for (var i = 0; i < records.Count; i++)
        {
            WriteEvent(scratch.Restart(), records[i]);
            output.Write(i == 0 ? @"\"""u8 : @",\"""u8);
            output.WriteEscaped(scratch.Written(), twice: true);
            output.Write(@"\"""u8);
        }
        output.Write("]\""u8);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WriteEvent(Utf8JsonWriter json, KafkaEventRecord record)
    {
        json.WriteStartObject();
        json.WriteNumber(Offset, record.Offset);
        json.WriteNumber(Partition, record.Partition);
        json.WriteString(Topic, record.Topic);
        json.WriteString(Timestamp, UtcTime(record.Timestamp));
        json.WriteString(Key, record.Key);
        json.WriteString(Value, record.Value);
        json.WritePropertyName(Headers);
        WriteHeaders(json, record.Headers);
        json.WriteEndObject();
    }

    private static void WriteHeaders(Utf8JsonWriter json, EquatableArray<KafkaHeader> headers)
    {
        json.WriteStartArray();
        foreach (var header in headers.AsSpan())
        {
            json.WriteStartObject();
            json.WriteString(Key, header.Key);
            json.WriteBase64String(Value, header.Value);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    /// <summary>The per-record arrays, each written as the JSON string holding it (the host's form).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WriteMetadataArrays(Utf8JsonWriter metadata, IReadOnlyList<KafkaEventRecord> records, Scratch scratch)
    {
        var json = scratch.RestartArray();
        foreach (var record in records) json.WriteNumberValue(record.Partition);
        scratch.WriteArrayText(metadata, PartitionArray);

        json = scratch.RestartArray();
        foreach (var record in records) json.WriteNumberValue(record.Offset);
        scratch.WriteArrayText(metadata, OffsetArray);

        json = scratch.RestartArray();
        foreach (var record in records) json.WriteStringValue(UtcTime(record.Timestamp));
        scratch.WriteArrayText(metadata, TimestampArray);

        json = scratch.RestartArray();
        foreach (var record in records) json.WriteStringValue(record.Topic);
        scratch.WriteArrayText(metadata, TopicArray);

        json = scratch.RestartArray();
        foreach (var record in records) json.WriteStringValue(record.Key);
        scratch.WriteArrayText(metadata, KeyArray);

        json = scratch.RestartArray();
        foreach (var record in records) WriteHeaders(json, record.Headers);
        scratch.WriteArrayText(metadata, HeadersArray);
    }

    /// <summary>
    /// The writer formats a UTC <see cref="DateTime"/> as ISO-8601 with trailing zeros of the fraction trimmed, which is
    /// <see cref="KafkaTriggerPayload.FormatTimestamp"/>'s form.
    /// </summary>
    private static DateTime UtcTime(long epochMilliseconds) =>
        DateTimeOffset.FromUnixTimeMilliseconds(epochMilliseconds).UtcDateTime;

    private static int EstimateEventBytes(IReadOnlyList<KafkaEventRecord> records)
    {
        const int CoordinatesAndNames = 160;
        long total = 16;
        foreach (var record in records)
        {
            total += CoordinatesAndNames + record.Topic.Length + (record.Key?.Length ?? 0) + record.Value.Length;
        }
        return (int)Math.Min(total, Array.MaxLength / 8);
    }

    private static JsonEncodedText Name(string name) => JsonEncodedText.Encode(name, Options.Encoder);

    /// <summary>A reused buffer and writer for one event or one metadata array at a time.</summary>
    private sealed class Scratch : IDisposable
    {
        private readonly PooledBufferWriter _buffer = new(4096);
        private readonly PooledBufferWriter _quoted = new(4096);
        private readonly Utf8JsonWriter _json;

        public Scratch()
        {
            _json = new Utf8JsonWriter(_buffer, Options);
        }

        public Utf8JsonWriter Restart()
        {
            _buffer.Clear();
            _json.Reset(_buffer);
            return _json;
        }

        public Utf8JsonWriter RestartArray()
        {
            Restart().WriteStartArray();
            return _json;
        }

        /// <summary>What was written since <see cref="Restart"/>.</summary>
        public ReadOnlySpan<byte> Written()
        {
            _json.Flush();
            return _buffer.WrittenSpan;
        }

        /// <summary>Ends the array begun by <see cref="RestartArray"/>; writes it to <paramref name="metadata"/> as a string.</summary>
        public void WriteArrayText(Utf8JsonWriter metadata, JsonEncodedText name)
        {
            _json.WriteEndArray();
            var array = Written();
            _quoted.Clear();
            _quoted.Write("\""u8);
            _quoted.WriteEscaped(array, twice: false);
            _quoted.Write("\""u8);
            metadata.WritePropertyName(name);
            metadata.WriteRawValue(_quoted.WrittenSpan, skipInputValidation: true);
        }

        public void Dispose()
        {
            _json.Dispose();
            _buffer.Dispose();
            _quoted.Dispose();
        }
    }
}
