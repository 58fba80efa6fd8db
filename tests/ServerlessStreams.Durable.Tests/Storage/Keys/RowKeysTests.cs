using CsCheck;
using ServerlessStreams.Durable.Storage.Keys;

namespace ServerlessStreams.Durable.Tests.Storage.Keys;

public sealed class RowKeysTests
{
    [Theory]
    [InlineData(0L, "00000000000000000000")]
    [InlineData(1L, "00000000000000000001")]
    [InlineData(long.MaxValue, "09223372036854775807")]
    [InlineData(-1L, "-9223372036854775807")]
    [InlineData(long.MinValue, "-0000000000000000000")]
    public void Extent_ids_encode_at_fixed_width(long id, string encoded)
    {
        Assert.Equal(encoded, RowKeys.EncodeExtentId(id));
        Assert.Equal(RowKeys.ExtentIdLength, encoded.Length);
        Assert.Equal(id, RowKeys.DecodeExtentId(encoded));
    }

    [Fact]
    public void Ordinal_order_of_extent_row_keys_is_numeric_order()
    {
        Gen.Select(Gen.Long, Gen.Long).Run(((long A, long B) p) =>
        {
            var (a, b) = p;
            var order = string.CompareOrdinal(RowKeys.Extent("w", a), RowKeys.Extent("w", b));
            Assert.Equal(a.CompareTo(b), Math.Sign(order));
        }, cases: 10_000);
    }

    [Fact]
    public void Extent_row_keys_parse_back_to_window_and_id()
    {
        Gen.Select(Gen.String[Gen.Char["abc|/~-é日 "], 1, 10], Gen.Long)
            .Run(((string Window, long Id) p) =>
            {
                var (window, id) = p;
                var rowKey = RowKeys.Extent(window, id);
                Assert.StartsWith(RowKeys.ExtentPrefix, rowKey, StringComparison.Ordinal);
                Assert.Equal(new ExtentRowKey(window, id), RowKeys.ParseExtent(rowKey));
            }, cases: 2_000);
    }

    [Fact]
    public void The_documented_shapes_hold()
    {
        Assert.Equal("x|votes-per-hour|00000000000000000042", RowKeys.Extent("votes-per-hour", 42));
        Assert.Equal("d|votes~2F0~2F17", RowKeys.Dedupe("votes/0/17"));
        Assert.Equal("d|votes~2F0~2F17~232", RowKeys.Dedupe("votes/0/17#2"));
        Assert.Equal("s|votes-per-hour|42", RowKeys.Compose("s", "votes-per-hour", "42"));
        Assert.Equal("x|votes-per-hour|00000000000000000042", new ExtentRowKey("votes-per-hour", 42).ToString());
    }

    [Fact]
    public void Long_segment_ids_are_hashed_within_the_key_limit_and_stay_distinct()
    {
        var a = RowKeys.Dedupe(new string('v', 2_000));
        var b = RowKeys.Dedupe(new string('v', 1_999) + "w");

        Assert.True(a.Length <= RowKeys.MaxLength);
        Assert.True(KeyHashing.IsHashed(a[RowKeys.DedupePrefix.Length..]));
        Assert.NotEqual(a, b);
        Assert.Equal(RowKeys.DedupePrefix.Length + RowKeys.MaxEscapedSegmentIdLength, RowKeys.Dedupe(new string('v', RowKeys.MaxEscapedSegmentIdLength)).Length);
    }

    [Fact]
    public void A_window_id_too_long_for_a_row_key_is_rejected_by_name()
    {
        var error = Assert.Throws<ArgumentException>(() => RowKeys.Extent(new string('w', RowKeys.MaxEscapedWindowIdLength + 1), 1));
        Assert.Contains("too long", error.Message, StringComparison.Ordinal);
        Assert.Equal(RowKeys.MaxLength, RowKeys.Extent(new string('w', RowKeys.MaxEscapedWindowIdLength), 1).Length);
    }

    [Theory]
    [InlineData("meta")]
    [InlineData("x|w|1")]
    [InlineData("x|w|0000000000000000000x")]
    [InlineData("d|w|00000000000000000001")]
    [InlineData("x||00000000000000000001")]
    public void Text_that_is_not_an_extent_row_key_fails_to_parse(string text)
    {
        var error = Assert.Throws<FormatException>(() => RowKeys.ParseExtent(text));
        Assert.Contains(text, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("x")]
    [InlineData("d")]
    [InlineData("meta")]
    [InlineData("s|")]
    public void Composed_keys_cannot_take_a_reserved_kind(string kind)
    {
        Assert.Throws<ArgumentException>(() => RowKeys.Compose(kind, "a"));
    }
}
