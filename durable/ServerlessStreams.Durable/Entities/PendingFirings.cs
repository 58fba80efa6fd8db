using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using ServerlessStreams.Engine;

namespace ServerlessStreams.Durable.Entities;

/// <summary>
/// The firings a source's last apply left pending in the meta row, kept as the JSON the row holds
/// (<see cref="FiringCodec"/>), in runs: an apply that commits in several chunks writes each chunk's firings once and
/// adds them as a run of their own, instead of building or copying every earlier chunk's firings again for each commit,
/// and a meta row read back passes its pending arrays on as they were stored. Read into firings only when a redelivered
/// batch delivers them again.
/// </summary>
internal sealed class PendingFirings
{
    public static readonly PendingFirings Empty = new([], 0);

    /// <summary>Runs of array elements, each without the brackets: the stored array is their concatenation.</summary>
    private readonly byte[][] _runs;

    private PendingFirings(byte[][] runs, int count)
    {
        _runs = runs;
        Count = count;
    }

    public int Count { get; }

    /// <summary>These firings and then <paramref name="firings"/>; this instance stays as it is.</summary>
    public PendingFirings Append(IReadOnlyList<Firing> firings)
    {
        if (firings.Count == 0) return this;
        var buffer = new ArrayBufferWriter<byte>(160 * firings.Count);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true }))
        {
            writer.WriteStartArray();
            foreach (var firing in firings) FiringCodec.Write(writer, firing);
            writer.WriteEndArray();
        }
        return new PendingFirings([.. _runs, buffer.WrittenSpan[1..^1].ToArray()], Count + firings.Count);
    }

    /// <summary>The array as stored in a meta row; null or anything but an array is no firings.</summary>
    public static PendingFirings From(JsonNode? stored)
    {
        if (stored is not JsonArray { Count: > 0 } array) return Empty;
        return new PendingFirings([JsonSerializer.SerializeToUtf8Bytes(array)[1..^1]], array.Count);
    }

    /// <summary>Writes the array: each run as raw elements, so the writer puts the separators between runs.</summary>
    public void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartArray();
        foreach (var run in _runs) writer.WriteRawValue(run, skipInputValidation: true);
        writer.WriteEndArray();
    }

    public List<Firing> Load() => Count == 0 ? [] : FiringCodec.Load(JsonNode.Parse(ToJson()));

    public override string ToString() => System.Text.Encoding.UTF8.GetString(ToJson());

    private byte[] ToJson()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true })) WriteTo(writer);
        return buffer.WrittenSpan.ToArray();
    }
}
