using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using ServerlessStreams.Functions.Hosting;

namespace ServerlessStreams.Local.Host.Rpc;

/// <summary>
/// A Kafka record as the Kafka extension hands it to a string binding: <c>JsonConvert.SerializeObject</c> of its
/// KafkaEventData (<c>KafkaEventDataConvertManager.ConvertToString</c>): Offset, Partition, Topic, Timestamp (a UTC
/// DateTime: ISO-8601 with Z, trailing zeros of the fraction trimmed), Key, Value, Headers (<c>[{"Key","Value"}]</c>,
/// values base64) — and the batch's metadata arrays in the same encoding.
/// </summary>
internal static class KafkaRecordJson
{
    /// <summary>Json.NET escapes only quotes, backslashes and control characters.</summary>
    private static readonly JsonWriterOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    public static string Record(KafkaEventRecord record) => Write(json => WriteRecord(json, record));

    /// <summary>Each record's JSON, as <see cref="Record"/> writes it, through one buffer and writer for the batch.</summary>
    public static void Records(IReadOnlyList<KafkaEventRecord> records, ICollection<string> into)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using var json = new Utf8JsonWriter(buffer, Options);
        foreach (var record in records)
        {
            buffer.ResetWrittenCount();
            json.Reset();
            WriteRecord(json, record);
            json.Flush();
            into.Add(Encoding.UTF8.GetString(buffer.WrittenSpan));
        }
    }

    public static string Timestamps(IReadOnlyList<KafkaEventRecord> records) =>
        Write(json => Array(json, records, r => json.WriteStringValue(UtcTime(r.Timestamp))), records.Count * 32);

    public static string Partitions(IReadOnlyList<KafkaEventRecord> records) =>
        Write(json => Array(json, records, r => json.WriteNumberValue(r.Partition)), records.Count * 4);

    public static string Keys(IReadOnlyList<KafkaEventRecord> records) =>
        Write(json => Array(json, records, r => json.WriteStringValue(r.Key)), records.Count * 16);

    public static string Headers(IReadOnlyList<KafkaEventRecord> records) =>
        Write(json => Array(json, records, r => WriteHeaders(json, r.Headers)), records.Count * 4);

    /// <summary>A JSON array of <paramref name="count"/> copies of one literal, e.g. <c>[null,null]</c>.</summary>
    public static string Repeat(string literal, int count) => "[" + string.Join(',', Enumerable.Repeat(literal, count)) + "]";

    private static void WriteRecord(Utf8JsonWriter json, KafkaEventRecord record)
    {
        json.WriteStartObject();
        json.WriteNumber("Offset", record.Offset);
        json.WriteNumber("Partition", record.Partition);
        json.WriteString("Topic", record.Topic);
        json.WriteString("Timestamp", UtcTime(record.Timestamp));
        json.WriteString("Key", record.Key);
        // Its value as the extension reads a string value: UTF-8, what is not read as U+FFFD.
        json.WriteString("Value", record.ValueText);
        json.WritePropertyName("Headers");
        WriteHeaders(json, record.Headers);
        json.WriteEndObject();
    }

    private static void WriteHeaders(Utf8JsonWriter json, EquatableArray<KafkaHeader> headers)
    {
        json.WriteStartArray();
        foreach (var header in headers.AsSpan())
        {
            json.WriteStartObject();
            json.WriteString("Key", header.Key);
            json.WriteBase64String("Value", header.Value);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    private static void Array(Utf8JsonWriter json, IReadOnlyList<KafkaEventRecord> records, Action<KafkaEventRecord> element)
    {
        json.WriteStartArray();
        foreach (var record in records) element(record);
        json.WriteEndArray();
    }

    /// <summary>The writer formats a UTC DateTime with the fraction's trailing zeros trimmed, as Json.NET does.</summary>
    private static DateTime UtcTime(long epochMilliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(epochMilliseconds).UtcDateTime;

    private static string Write(Action<Utf8JsonWriter> write, int sizeHint = 256)
    {
        var buffer = new ArrayBufferWriter<byte>(Math.Max(sizeHint, 256));
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            write(json);
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
