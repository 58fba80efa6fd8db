using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using ServerlessStreams.Functions.Hosting;

namespace ServerlessStreams.Functions.Worker;

/// <summary>
/// The per-record arrays of a kafkaTrigger batch's trigger metadata (KafkaTriggerBindingStrategy.AddBindingData), as the
/// worker's binding data holds them: <c>OffsetArray</c> (<c>collection_sint64</c>: a list of longs) and
/// <c>TopicArray</c> (<c>collection_string</c>: a list of strings), and Json.NET's JSON of <c>PartitionArray</c>,
/// <c>TimestampArray</c> (UTC times, ISO-8601), <c>KeyArray</c> (strings or null) and <c>HeadersArray</c> (per record
/// <c>[{"Key","Value"}]</c>, values base64). Each must have one element per record.
/// </summary>
internal sealed class KafkaTriggerMetadata(IReadOnlyDictionary<string, object?> metadata, int count)
{
    public const string OffsetArray = "OffsetArray";
    public const string PartitionArray = "PartitionArray";
    public const string TopicArray = "TopicArray";
    public const string TimestampArray = "TimestampArray";
    public const string KeyArray = "KeyArray";
    public const string HeadersArray = "HeadersArray";

    /// <summary>Reads one element at the reader's position, through its last token; returns what is wrong, or null.</summary>
    private delegate string? ElementReader<T>(ref Utf8JsonReader reader, out T value);

    public long[] Offsets() => Value(OffsetArray) switch
    {
        string json => ReadJson(OffsetArray, json, static (ref Utf8JsonReader r, out long v) =>
        {
            v = 0;
            return r.TokenType == JsonTokenType.Number && r.TryGetInt64(out v) ? null : "is not an offset";
        }),
        IEnumerable<long> list => Counted(OffsetArray, list.ToArray()),
        var other => throw Unexpected(OffsetArray, other),
    };

    public int[] Partitions() => ReadJson(PartitionArray, Json(PartitionArray), static (ref Utf8JsonReader r, out int v) =>
    {
        v = 0;
        return r.TokenType == JsonTokenType.Number && r.TryGetInt32(out v) ? null : "is not a partition number";
    });

    public string[] Topics()
    {
        var topics = Value(TopicArray) switch
        {
            string json => ReadJson(TopicArray, json, static (ref Utf8JsonReader r, out string v) =>
            {
                v = r.TokenType == JsonTokenType.String ? r.GetString()! : string.Empty;
                return r.TokenType == JsonTokenType.String ? null : "is not a topic name";
            }),
            IEnumerable<string> list => Counted(TopicArray, list.ToArray()),
            var other => throw Unexpected(TopicArray, other),
        };
        // A batch is mostly one topic: its records share one string.
        for (var i = 1; i < topics.Length; i++)
            if (topics[i] == topics[i - 1]) topics[i] = topics[i - 1];
        return topics;
    }

    public long[] Timestamps() => ReadJson(TimestampArray, Json(TimestampArray), static (ref Utf8JsonReader r, out long v) =>
    {
        v = 0;
        if (r.TokenType != JsonTokenType.String) return "is not an ISO-8601 time";
        if (!r.ValueIsEscaped && IsoUtcTimestamp.TryParse(r.ValueSpan, out v)) return null;
        // Json.NET writes UTC times as yyyy-MM-ddTHH:mm:ss.FFFFFFFZ; any other ISO-8601 form is read as well.
        if (!DateTimeOffset.TryParse(r.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
            return "is not an ISO-8601 time";
        v = time.ToUnixTimeMilliseconds();
        return null;
    });

    public string?[] Keys() => ReadJson(KeyArray, Json(KeyArray), static (ref Utf8JsonReader r, out string? v) =>
    {
        v = r.TokenType switch
        {
            JsonTokenType.String => r.GetString(),
            // keyDataType int or long: the key's digits.
            JsonTokenType.Number => Encoding.UTF8.GetString(r.ValueSpan),
            _ => null,
        };
        return r.TokenType is JsonTokenType.String or JsonTokenType.Number or JsonTokenType.Null ? null : "is not a key (a string, a number or null)";
    });

    public EquatableArray<KafkaHeader>[] Headers() => ReadJson(HeadersArray, Json(HeadersArray), static (ref Utf8JsonReader r, out EquatableArray<KafkaHeader> v) =>
    {
        v = EquatableArray<KafkaHeader>.Empty;
        if (r.TokenType == JsonTokenType.Null) return null;
        if (r.TokenType != JsonTokenType.StartArray) return "is not an array of headers";
        List<KafkaHeader>? headers = null;
        while (r.Read() && r.TokenType == JsonTokenType.StartObject)
        {
            string? key = null;
            byte[] value = [];
            while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
            {
                var name = r.GetString();
                r.Read();
                if (string.Equals(name, "Key", StringComparison.OrdinalIgnoreCase))
                {
                    if (r.TokenType != JsonTokenType.String) return $"header {headers?.Count ?? 0}: its Key is not a string";
                    key = r.GetString();
                }
                else if (string.Equals(name, "Value", StringComparison.OrdinalIgnoreCase))
                {
                    if (r.TokenType == JsonTokenType.Null) value = [];
                    else if (r.TokenType != JsonTokenType.String || !r.TryGetBytesFromBase64(out value!)) return $"header {headers?.Count ?? 0}: its Value is not base64";
                }
                else
                {
                    r.Skip();
                }
            }
            if (key is null) return $"header {headers?.Count ?? 0}: it has no Key";
            (headers ??= []).Add(new KafkaHeader(key, value));
        }
        if (r.TokenType != JsonTokenType.EndArray) return "is not an array of headers";
        if (headers is not null) v = headers;
        return null;
    });

    private object Value(string name)
    {
        if (!metadata.TryGetValue(name, out var value) || value is null)
            throw new MalformedKafkaEventException(name, $"missing from the trigger metadata of a batch of {count} records");
        return value;
    }

    private string Json(string name) => Value(name) as string ?? throw Unexpected(name, Value(name));

    private static MalformedKafkaEventException Unexpected(string name, object value) =>
        new(name, $"is a {value.GetType().Name}, not the array the Kafka extension sends");

    private T[] Counted<T>(string name, T[] elements) =>
        elements.Length == count ? elements : throw new MalformedKafkaEventException(name, $"has {elements.Length} elements for {count} records");

    private T[] ReadJson<T>(string name, string json, ElementReader<T> read)
    {
        var utf8 = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(json.Length));
        try
        {
            var reader = new Utf8JsonReader(utf8.AsSpan(0, Encoding.UTF8.GetBytes(json, utf8)));
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray) throw new MalformedKafkaEventException(name, "is not a JSON array");
            var elements = new T[count];
            var i = 0;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (i == count) throw new MalformedKafkaEventException(name, $"has more than {count} elements for {count} records");
                if (read(ref reader, out elements[i]) is { } problem) throw new MalformedKafkaEventException($"{name}[{i}]", problem, i);
                i++;
            }
            if (reader.TokenType != JsonTokenType.EndArray) throw new MalformedKafkaEventException(name, "is not a JSON array");
            if (reader.Read()) throw new MalformedKafkaEventException(name, "has more after its array");
            if (i != count) throw new MalformedKafkaEventException(name, $"has {i} elements for {count} records");
            return elements;
        }
        catch (JsonException e)
        {
            throw new MalformedKafkaEventException(name, $"is not JSON ({e.Message})", inner: e);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(utf8);
        }
    }
}
