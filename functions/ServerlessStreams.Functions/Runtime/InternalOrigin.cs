using System.Buffers;
using System.Text;
using ServerlessStreams.Segments;

namespace ServerlessStreams.Functions.Runtime;

/// <summary>
/// What an internal record carries besides its key and value, in its one header <see cref="InternalRecords.OriginHeader"/>:
/// the record the input derives from and its index among that record's inputs of the task, the input's segment id
/// where it is not the origin record's own (<c>topic/partition/offset</c>), its de-duplication id when the task declares
/// a uniqueness key, and the origin record's Kafka key and timestamp.
/// </summary>
/// <remarks>
/// Binary, one header per record instead of one per field, as every header costs the producer, the broker, the
/// trigger's JSON and the decoder alike: a format byte (<see cref="Format"/>), a byte of flags saying which optional
/// fields follow, the origin topic, partition, offset and index, then the timestamp, Kafka key, de-duplication id and
/// segment id where flagged. Numbers are unsigned LEB128 varints (the timestamp zig-zag encoded), strings a varint
/// byte count and UTF-8.
/// </remarks>
internal sealed record InternalOrigin(SegmentOrigin Origin, SegmentId Id, string? DedupeId, string? KafkaKey, long? Timestamp)
{
    public const byte Format = 1;

    private const byte HasId = 1, HasDedupe = 2, HasKey = 4, HasTimestamp = 8, Known = HasId | HasDedupe | HasKey | HasTimestamp;

    public byte[] Encode()
    {
        var source = Origin.Source;
        var ownId = !Id.IsSource(source.Topic, source.Partition, source.Offset);
        var flags = (byte)((ownId ? HasId : 0) | (DedupeId is null ? 0 : HasDedupe) | (KafkaKey is null ? 0 : HasKey) | (Timestamp is null ? 0 : HasTimestamp));
        var buffer = new ArrayBufferWriter<byte>(64 + source.Topic.Length + (KafkaKey?.Length ?? 0) + (DedupeId?.Length ?? 0));
        buffer.GetSpan(2)[0] = Format;
        buffer.GetSpan(2)[1] = flags;
        buffer.Advance(2);
        WriteString(buffer, source.Topic);
        WriteVarint(buffer, (uint)source.Partition);
        WriteVarint(buffer, (ulong)source.Offset);
        WriteVarint(buffer, (uint)Origin.Index);
        if (Timestamp is { } timestamp) WriteVarint(buffer, (ulong)((timestamp << 1) ^ (timestamp >> 63)));
        if (KafkaKey is not null) WriteString(buffer, KafkaKey);
        if (DedupeId is not null) WriteString(buffer, DedupeId);
        if (ownId) WriteString(buffer, Id.Value);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Reads <see cref="Encode"/>'s bytes; null with <paramref name="problem"/> saying what is wrong.</summary>
    public static InternalOrigin? Decode(ReadOnlySpan<byte> bytes, out string? problem)
    {
        problem = null;
        if (bytes.Length < 2 || bytes[0] != Format)
        {
            problem = bytes.Length == 0 ? "is empty" : $"is not of format {Format} (its first byte is {bytes[0]})";
            return null;
        }
        var flags = bytes[1];
        if ((flags & ~Known) != 0)
        {
            problem = $"has unknown flags {flags:x2}";
            return null;
        }
        var rest = bytes[2..];
        if (!TryReadString(ref rest, out var topic) || topic.Length == 0
            || !TryReadVarint(ref rest, out var partition) || partition > int.MaxValue
            || !TryReadVarint(ref rest, out var offset) || offset > long.MaxValue
            || !TryReadVarint(ref rest, out var index) || index > int.MaxValue)
        {
            problem = "has no origin topic, partition, offset and index";
            return null;
        }
        long? timestamp = null;
        string? key = null, dedupe = null, id = null;
        if ((flags & HasTimestamp) != 0)
        {
            if (!TryReadVarint(ref rest, out var zigzag))
            {
                problem = "has no timestamp where its flags say one follows";
                return null;
            }
            timestamp = (long)(zigzag >> 1) ^ -(long)(zigzag & 1);
        }
        if (((flags & HasKey) != 0 && !TryReadString(ref rest, out key))
            || ((flags & HasDedupe) != 0 && !TryReadString(ref rest, out dedupe))
            || ((flags & HasId) != 0 && !TryReadString(ref rest, out id)))
        {
            problem = "is cut short: a string its flags announce is missing or longer than what is left";
            return null;
        }
        if (!rest.IsEmpty)
        {
            problem = $"has {rest.Length} bytes after its last field";
            return null;
        }
        var source = new SourceCoordinates(topic, (int)partition, (long)offset);
        return new InternalOrigin(new SegmentOrigin(source, (int)index),
            id is null ? SegmentId.FromSource(topic, source.Partition, source.Offset) : new SegmentId(id), dedupe, key, timestamp);
    }

    private static void WriteVarint(ArrayBufferWriter<byte> buffer, ulong value)
    {
        var span = buffer.GetSpan(10);
        var written = 0;
        while (value >= 0x80)
        {
            span[written++] = (byte)(value | 0x80);
            value >>= 7;
        }
        span[written++] = (byte)value;
        buffer.Advance(written);
    }

    private static void WriteString(ArrayBufferWriter<byte> buffer, string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        WriteVarint(buffer, (uint)length);
        buffer.Advance(Encoding.UTF8.GetBytes(value, buffer.GetSpan(length)));
    }

    private static bool TryReadVarint(ref ReadOnlySpan<byte> bytes, out ulong value)
    {
        value = 0;
        for (var i = 0; i < bytes.Length && i < 10; i++)
        {
            value |= (ulong)(bytes[i] & 0x7F) << (7 * i);
            if (bytes[i] < 0x80)
            {
                bytes = bytes[(i + 1)..];
                return true;
            }
        }
        return false;
    }

    private static bool TryReadString(ref ReadOnlySpan<byte> bytes, out string value)
    {
        value = "";
        if (!TryReadVarint(ref bytes, out var length) || length > (ulong)bytes.Length) return false;
        value = Encoding.UTF8.GetString(bytes[..(int)length]);
        bytes = bytes[(int)length..];
        return true;
    }
}
