using ServerlessStreams.Functions.Observability;

namespace ServerlessStreams.Functions.Tests.Observability;

public sealed class ConsumerLagTests
{
    [Theory]
    [InlineData(null, 0, 10, 10)] // never committed: reads from the start
    [InlineData(0L, 0, 10, 10)]
    [InlineData(4L, 0, 10, 6)]
    [InlineData(9L, 0, 10, 1)]
    [InlineData(10L, 0, 10, 0)] // committed the end: caught up
    [InlineData(12L, 0, 10, 0)] // ahead of the end (a truncated partition): never negative
    [InlineData(2L, 5, 10, 5)] // below the start (retention deleted records): reads from the start
    [InlineData(null, 5, 5, 0)] // an empty partition
    public void A_partitions_lag_is_from_where_the_group_reads_next_to_the_end(long? committed, long start, long end, long lag)
    {
        Assert.Equal(lag, new PartitionLag(0, committed, start, end).Lag);
    }

    [Fact]
    public void The_lag_has_every_partition_of_the_topic_in_order_and_adds_them_up()
    {
        var lag = ConsumerLag.Compute("ss-election-votes", "votes",
            committed: new Dictionary<int, long> { [2] = 30, [0] = 7 },
            starts: new Dictionary<int, long> { [0] = 0, [1] = 3, [2] = 0 },
            ends: new Dictionary<int, long> { [2] = 30, [1] = 8, [0] = 10 });

        Assert.Equal(
            [new PartitionLag(0, 7, 0, 10), new PartitionLag(1, null, 3, 8), new PartitionLag(2, 30, 0, 30)],
            lag.Partitions);
        Assert.Equal(3 + 5 + 0, lag.Records);
        Assert.Equal(("ss-election-votes", "votes"), (lag.Group, lag.Topic));
    }
}
