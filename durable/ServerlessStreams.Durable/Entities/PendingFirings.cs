using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using ServerlessStreams.Engine;

namespace ServerlessStreams.Durable.Entities;

/// <summary>
/// The firings a source's last apply left pending in the meta row, kept as the JSON array the row holds
/// (<see cref="FiringCodec"/>): an apply that commits in several chunks writes each chunk's firings once and appends
/// them, instead of building every earlier chunk's firings again for each commit, and a meta row read back passes its
/// pending arrays on as they were stored. Read into firings only when a redelivered batch delivers them again.
/// </summary>
internal sealed class PendingFirings
{
    public static readonly PendingFirings Empty = new("[]"u8.ToArray(), 0);

    private readonly byte[] _json;

    private PendingFirings(byte[] json, int count)
    {
        _json = json;
        Count = count;
    }

    public int Count { get; }

    /// <summary>These firings and then <paramref name="firings"/>; this instance stays as it is.</summary>
    public PendingFirings Append(IReadOnlyList<Firing> firings)
    {
        if (firings.Count == 0) return this;
        var buffer = new ArrayBufferWriter<byte>(_json.Length + 160 * firings.Count);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true }))
        {
            writer.WriteStartArray();
            if (Count > 0) writer.WriteRawValue(_json.AsSpan(1, _json.Length - 2), skipInputValidation: true);
            foreach (var firing in firings) FiringCodec.Write(writer, firing);
            writer.WriteEndArray();
        }
        return new PendingFirings(buffer.WrittenSpan.ToArray(), Count + firings.Count);
    }

    /// <summary>The array as stored in a meta row; null or anything but an array is no firings.</summary>
    public static PendingFirings From(JsonNode? stored)
    {
        if (stored is not JsonArray { Count: > 0 } array) return Empty;
        return new PendingFirings(JsonSerializer.SerializeToUtf8Bytes(array), array.Count);
    }

    public void WriteTo(Utf8JsonWriter writer) => writer.WriteRawValue(_json, skipInputValidation: true);

    public List<Firing> Load() => Count == 0 ? [] : FiringCodec.Load(JsonNode.Parse(_json));

    public override string ToString() => System.Text.Encoding.UTF8.GetString(_json);
}
