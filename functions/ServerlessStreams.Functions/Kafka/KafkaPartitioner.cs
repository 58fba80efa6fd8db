using System.Text;

namespace ServerlessStreams.Functions.Kafka;

/// <summary>
/// The partition a keyed record lands in, as the stages' producer picks it: librdkafka's default partitioner
/// (<c>consistent_random</c>) takes the CRC-32 of the key's bytes modulo the topic's partition count. The producer
/// itself leaves this to librdkafka; the in-process test driver uses it to put internal records where Kafka would.
/// </summary>
internal static class KafkaPartitioner
{
    private static readonly uint[] Table = BuildTable();

    /// <summary>The partition of <paramref name="partitions"/> a record keyed <paramref name="key"/> (UTF-8) lands in.</summary>
    public static int PartitionOf(string key, int partitions) => (int)(Crc32(Encoding.UTF8.GetBytes(key)) % (uint)partitions);

    /// <summary>CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320), as zlib and librdkafka compute it.</summary>
    public static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes) crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return ~crc;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (var n = 0u; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            table[n] = c;
        }
        return table;
    }
}
