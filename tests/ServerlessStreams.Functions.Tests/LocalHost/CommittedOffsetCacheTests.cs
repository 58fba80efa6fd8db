using Confluent.Kafka;
using ServerlessStreams.Local.Host;

namespace ServerlessStreams.Functions.Tests.LocalHost;

public sealed class CommittedOffsetCacheTests
{
    private static readonly TopicPartition P0 = new("votes", 0);
    private static readonly TopicPartition P1 = new("votes", 1);

    [Fact]
    public void An_offset_is_looked_up_once_while_the_assignment_holds()
    {
        var offsets = new CommittedOffsetCache();
        var lookUps = 0;
        offsets.Hold([P0, P1]);

        var first = offsets.Get(P0, _ => { lookUps++; return new Offset(10); });
        offsets.Hold([P1, P0]);
        var second = offsets.Get(P0, _ => { lookUps++; return new Offset(99); });

        Assert.Equal(new Offset(10), first);
        Assert.Equal(new Offset(10), second);
        Assert.Equal(1, lookUps);
    }

    [Fact]
    public void A_partition_lost_and_held_again_is_looked_up_again_since_another_member_may_have_committed_further()
    {
        var offsets = new CommittedOffsetCache();
        var committed = 10L;
        offsets.Hold([P0, P1]);
        Assert.Equal(new Offset(10), offsets.Get(P1, _ => new Offset(committed)));

        offsets.Hold([P0]);
        committed = 25; // the partition's new owner read and committed on
        offsets.Hold([P0, P1]);

        Assert.Equal(new Offset(25), offsets.Get(P1, _ => new Offset(committed)));
    }

    [Fact]
    public void No_committed_offset_is_asked_again_next_time()
    {
        var offsets = new CommittedOffsetCache();
        var lookUps = 0;
        offsets.Hold([P0]);

        Assert.Null(offsets.Get(P0, _ => { lookUps++; return null; }));
        Assert.Equal(new Offset(3), offsets.Get(P0, _ => { lookUps++; return new Offset(3); }));
        Assert.Equal(2, lookUps);
    }
}
