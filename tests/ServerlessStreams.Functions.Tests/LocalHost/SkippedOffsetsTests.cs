using ServerlessStreams.Local.Host;

namespace ServerlessStreams.Functions.Tests.LocalHost;

public sealed class SkippedOffsetsTests
{
    private static readonly Func<int, long?> NoneCommitted = _ => null;

    [Fact]
    public void A_gap_the_log_no_longer_holds_is_reported_once_with_its_offsets()
    {
        var skipped = new SkippedOffsets();
        skipped.Read(2, 40, _ => 40, _ => 0);
        skipped.Read(2, 41, NoneCommitted, _ => 0);

        skipped.Read(2, 90, NoneCommitted, _ => 75);

        Assert.Equal([new SkippedRange(2, 42, 75)], skipped.Take());
        Assert.Equal(33, new SkippedRange(2, 42, 75).Count);
        Assert.Empty(skipped.Take());
    }

    [Fact]
    public void A_gap_the_log_still_holds_is_no_loss()
    {
        var skipped = new SkippedOffsets();
        skipped.Read(0, 10, _ => 10, _ => 0);

        skipped.Read(0, 12, NoneCommitted, _ => 0);

        Assert.Empty(skipped.Take());
    }

    [Fact]
    public void The_first_record_after_an_assignment_is_compared_with_the_committed_offset()
    {
        var skipped = new SkippedOffsets();
        skipped.Read(1, 5, _ => 5, _ => 0);
        skipped.Reset();

        skipped.Read(1, 30, _ => 20, _ => 25);

        Assert.Equal([new SkippedRange(1, 20, 25)], skipped.Take());
    }

    [Fact]
    public void After_a_rewind_the_partition_is_expected_where_it_was_rewound_to()
    {
        var skipped = new SkippedOffsets();
        skipped.Read(0, 0, _ => 0, _ => 0);
        skipped.Read(0, 99, NoneCommitted, _ => 0);

        skipped.Expect(0, 50);
        skipped.Read(0, 50, NoneCommitted, _ => throw new InvalidOperationException("no gap, so the log is not asked"));
        skipped.Expect(0, 50);
        skipped.Read(0, 60, NoneCommitted, _ => 60);

        Assert.Equal([new SkippedRange(0, 50, 60)], skipped.Take());
    }

    [Fact]
    public void Without_a_committed_offset_the_first_record_cannot_show_a_gap()
    {
        var skipped = new SkippedOffsets();

        skipped.Read(0, 1000, NoneCommitted, _ => throw new InvalidOperationException("nothing to compare with"));

        Assert.Empty(skipped.Take());
    }
}
