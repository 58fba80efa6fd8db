using ServerlessStreams.Segments;

namespace ServerlessStreams.Shared.Tests.Segments;

public class SegmentIdTests
{
    [Theory]
    [InlineData("in/0/12", "in", 0, 12, true)]
    [InlineData("in/0/12", "in", 0, 1, false)]
    [InlineData("in/0/1", "in", 0, 12, false)]
    [InlineData("in/10/5", "in", 1, 5, false)]
    [InlineData("in/1/5", "in", 10, 5, false)]
    [InlineData("inx/0/1", "in", 0, 1, false)]
    [InlineData("in/0/1", "inx", 0, 1, false)]
    [InlineData("in/00/1", "in", 0, 1, false)]
    [InlineData("in/0/1#0", "in", 0, 1, false)]
    [InlineData("in/0/-3", "in", 0, -3, true)]
    [InlineData("in", "in", 0, 1, false)]
    [InlineData("in/", "in", 0, 1, false)]
    [InlineData("in/0", "in", 0, 1, false)]
    [InlineData("a/b/0/1", "a/b", 0, 1, true)]
    [InlineData("v1", "in", 0, 1, false)]
    public void Is_source_says_whether_the_id_is_the_one_from_those_coordinates(string id, string topic, int partition, long offset, bool expected)
    {
        Assert.Equal(expected, new SegmentId(id).IsSource(topic, partition, offset));
        Assert.Equal(expected, new SegmentId(id) == SegmentId.FromSource(topic, partition, offset));
    }

    [Fact]
    public void Is_source_agrees_with_comparing_built_ids()
    {
        var random = new Random(11);
        string[] topics = ["in", "votes", "v", "votes-2"];
        var matches = 0;
        for (var i = 0; i < 2_000; i++)
        {
            var (idTopic, idPartition, idOffset) = (topics[random.Next(topics.Length)], random.Next(12), (long)random.Next(0, 1_000));
            var id = SegmentId.FromSource(idTopic, idPartition, idOffset);
            // Half the time the same coordinates, otherwise each part changed with some chance.
            var same = random.Next(2) == 0;
            var topic = same || random.Next(3) > 0 ? idTopic : topics[random.Next(topics.Length)];
            var partition = same || random.Next(3) > 0 ? idPartition : random.Next(12);
            var offset = same || random.Next(3) > 0 ? idOffset : random.Next(0, 1_000);
            var expected = id == SegmentId.FromSource(topic, partition, offset);
            if (expected) matches++;
            Assert.Equal(expected, id.IsSource(topic, partition, offset));
        }
        Assert.InRange(matches, 500, 1_500);
    }
}
