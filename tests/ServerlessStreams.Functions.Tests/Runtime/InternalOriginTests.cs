using ServerlessStreams.Functions.Runtime;
using ServerlessStreams.Segments;

namespace ServerlessStreams.Functions.Tests.Runtime;

public sealed class InternalOriginTests
{
    private static readonly SourceCoordinates Source = new("votes", 3, 1_234_567);

    private static readonly InternalOrigin[] Origins =
    [
        // The input is its record's own segment: its id is not written, as the origin names it.
        new InternalOrigin(new SegmentOrigin(Source, 0), SegmentId.FromSource("votes", 3, 1_234_567), null, null, null),
        new InternalOrigin(new SegmentOrigin(Source, 2), new SegmentId("votes/3/1234567#1"), "voter-7", "voter-7", 1_790_000_000_123),
        new InternalOrigin(new SegmentOrigin(new SourceCoordinates("wahl-stimmen.ü", 0, 0), int.MaxValue), new SegmentId("an id of its own"),
            "", "schlüssel ✓", -1),
        new InternalOrigin(new SegmentOrigin(new SourceCoordinates("t", int.MaxValue, long.MaxValue), 0), SegmentId.FromSource("t", int.MaxValue, long.MaxValue),
            null, "", long.MinValue),
    ];

    [Fact]
    public void What_is_encoded_decodes_to_the_same() => Assert.All(Origins, origin =>
    {
        var read = InternalOrigin.Decode(origin.Encode(), out var problem);

        Assert.Null(problem);
        Assert.Equal(origin, read);
    });

    [Fact]
    public void A_record_s_own_segment_costs_no_bytes_for_its_id()
    {
        var own = new InternalOrigin(new SegmentOrigin(Source, 0), SegmentId.FromSource("votes", 3, 1_234_567), null, null, null);
        var child = own with { Id = new SegmentId("votes/3/1234567#0") };

        // Format, flags, "votes" with its length, partition, offset in 3 bytes, index.
        Assert.Equal(2 + 6 + 1 + 3 + 1, own.Encode().Length);
        Assert.Equal(own.Encode().Length + 1 + "votes/3/1234567#0".Length, child.Encode().Length);
    }

    [Fact]
    public void Every_shorter_prefix_of_an_encoding_is_refused_with_a_reason()
    {
        var bytes = new InternalOrigin(new SegmentOrigin(Source, 1), new SegmentId("x#0"), "voter", "key", 42).Encode();

        for (var length = 0; length < bytes.Length; length++)
        {
            Assert.Null(InternalOrigin.Decode(bytes.AsSpan(0, length), out var problem));
            Assert.False(string.IsNullOrEmpty(problem));
        }
    }

    [Theory]
    [InlineData(new byte[] { 2, 0, 1, (byte)'t', 0, 0, 0 }, "format")]
    [InlineData(new byte[] { 1, 0x10, 1, (byte)'t', 0, 0, 0 }, "unknown flags")]
    [InlineData(new byte[] { 1, 0, 0, 0, 0, 0 }, "origin topic")]
    [InlineData(new byte[] { 1, 0, 1, (byte)'t', 0, 0, 0, 9 }, "after its last field")]
    [InlineData(new byte[] { 1, 0, 1, (byte)'t', 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0, 0 }, "origin topic")]
    [InlineData(new byte[] { (byte)'v', (byte)'/', (byte)'0' }, "format")]
    public void Bytes_that_are_not_an_origin_are_refused_with_what_is_wrong(byte[] bytes, string expected)
    {
        Assert.Null(InternalOrigin.Decode(bytes, out var problem));
        Assert.Contains(expected, problem);
    }
}
