using System.Text;

namespace ServerlessStreams.Testing;

/// <summary>
/// A record to pipe into an input task, as a producer would have written it to the task's topic. Everything but the
/// value is optional: partition 0, the next offset of that partition, the driver's clock as timestamp, no key, no
/// headers. A string converts to a record with that JSON value.
/// </summary>
public sealed record TestRecord
{
    /// <summary>A record whose value is <paramref name="value"/> (usually a JSON object) in UTF-8.</summary>
    public TestRecord(string value)
        : this(Encoding.UTF8.GetBytes(value ?? throw new ArgumentNullException(nameof(value))))
    {
    }

    /// <summary>A record whose value is these bytes, as they would be in Kafka (malformed values are allowed).</summary>
    public TestRecord(byte[] value)
    {
        ArgumentNullException.ThrowIfNull(value);
        Value = value;
    }

    /// <summary>The value's bytes.</summary>
    public byte[] Value { get; init; }

    /// <summary>The record key as text; null for a record without a key.</summary>
    public string? Key { get; init; }

    /// <summary>The partition of the input topic the record is in (0 by default); below the topic's partition count.</summary>
    public int Partition { get; init; }

    /// <summary>The record's offset; null for the next offset of its partition (one past the largest piped so far).</summary>
    public long? Offset { get; init; }

    /// <summary>The record timestamp; null for the driver's processing-time clock when the record is piped.</summary>
    public DateTimeOffset? Timestamp { get; init; }

    /// <summary>
    /// Kafka's "no timestamp" (-1 ms): a record with it has no event time but its window key, so a record without the
    /// window key field is a dead letter rather than placed at its timestamp.
    /// </summary>
    public static readonly DateTimeOffset NoTimestamp = DateTimeOffset.FromUnixTimeMilliseconds(-1);

    /// <summary>Headers in order (the header <c>ss-id</c>, when present, is the record's segment id, as in production).</summary>
    public IReadOnlyList<KeyValuePair<string, byte[]>> Headers { get; init; } = [];

    /// <summary>This record with one more header, its value in UTF-8.</summary>
    public TestRecord WithHeader(string key, string value) =>
        this with { Headers = [.. Headers, new(key, Encoding.UTF8.GetBytes(value))] };

    /// <summary>A record with the JSON value <paramref name="value"/>.</summary>
    public static implicit operator TestRecord(string value) => new(value);

    /// <summary>A record with the JSON value <paramref name="value"/> (the conversion's named form).</summary>
    public static TestRecord FromString(string value) => new(value);
}
