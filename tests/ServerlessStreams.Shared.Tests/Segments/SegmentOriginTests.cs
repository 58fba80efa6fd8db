using ServerlessStreams.Segments;

namespace ServerlessStreams.Shared.Tests.Segments;

public class SegmentOriginTests
{
    [Theory]
    [InlineData("votes", 3, 1234L, 0, "votes/3/1234/0")]
    [InlineData("a.b_c-d", 0, 0L, 7, "a.b_c-d/0/0/7")]
    public void An_origin_is_written_topic_partition_offset_index_and_read_back(string topic, int partition, long offset, int index, string text)
    {
        var origin = new SegmentOrigin(new SourceCoordinates(topic, partition, offset), index);

        Assert.Equal(text, origin.ToString());
        Assert.True(SegmentOrigin.TryParse(text, out var read));
        Assert.Equal(origin, read);
    }

    [Theory]
    [InlineData("")]
    [InlineData("votes/3/1234")]
    [InlineData("/3/1234/0")]
    [InlineData("votes/x/1234/0")]
    [InlineData("votes/3/-1/0")]
    [InlineData("votes/3/1234/")]
    public void Anything_else_is_not_an_origin(string text) => Assert.False(SegmentOrigin.TryParse(text, out _));

    [Fact]
    public void Positions_order_by_offset_then_index()
    {
        Assert.True(new OriginPosition(5, 0) < new OriginPosition(5, 1));
        Assert.True(new OriginPosition(5, 9) < new OriginPosition(6, 0));
        Assert.True(new OriginPosition(6, 0) <= new OriginPosition(6, 0));
        Assert.Equal(new OriginPosition(6, 2), OriginPosition.Max(new OriginPosition(6, 2), new OriginPosition(6, 1)));
    }

    [Theory]
    [InlineData("votes/3/12", true)]
    [InlineData("votes/3/12#0", true)]
    [InlineData("votes/3/12#4#1", true)]
    [InlineData("votes/3/13#0", false)]
    [InlineData("votes/31/12", false)]
    [InlineData("voter-7", false)]
    [InlineData("ingest/votes/key/3", false)]
    public void An_id_descends_from_its_source_record_when_it_is_that_record_or_a_result_of_it(string id, bool descends) =>
        Assert.Equal(descends, new SegmentId(id).DescendsFromSource("votes", 3, 12));
}
