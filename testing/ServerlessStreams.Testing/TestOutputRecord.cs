using System.Text;

namespace ServerlessStreams.Testing;

/// <summary>
/// A record the job produced to a topic: an output task's record, a firing synced to a topic, a dead letter or a late
/// record. Headers are as the producer sends them, the segment id (<c>ss-id</c>) first.
/// </summary>
/// <param name="Topic">The topic it was produced to.</param>
/// <param name="Key">The record key; null for none.</param>
/// <param name="Value">The value's bytes.</param>
/// <param name="Headers">The headers in order.</param>
/// <param name="Timestamp">The driver's processing time when it was produced.</param>
public sealed record TestOutputRecord(string Topic, string? Key, byte[] Value, IReadOnlyList<KeyValuePair<string, byte[]>> Headers,
    DateTimeOffset Timestamp)
{
    /// <summary>The value as UTF-8 text (usually JSON).</summary>
    public string ValueText => Encoding.UTF8.GetString(Value);

    /// <summary>The first header named <paramref name="key"/> as UTF-8 text, or null.</summary>
    public string? Header(string key)
    {
        foreach (var header in Headers)
            if (header.Key == key) return Encoding.UTF8.GetString(header.Value);
        return null;
    }
}
