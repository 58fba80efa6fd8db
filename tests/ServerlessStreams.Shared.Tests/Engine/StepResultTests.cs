using ServerlessStreams.Engine;
using ServerlessStreams.Segments;
using ServerlessStreams.Shared.Tests.Support;
using static ServerlessStreams.Shared.Tests.Support.TestJobs;

namespace ServerlessStreams.Shared.Tests.Engine;

public class StepResultTests
{
    private static readonly ExtentKey A = new(0, 1);
    private static readonly ExtentKey B = new(0, 2);

    [Fact]
    public void Changed_keeps_each_extent_once_whether_one_or_many()
    {
        var one = new StepResult();
        one.MarkChanged(A);
        one.MarkChanged(A);
        Assert.Equal([A], one.Changed);

        var two = new StepResult();
        two.MarkChanged(A);
        two.MarkChanged(B);
        two.MarkChanged(A);
        Assert.Equal([A, B], two.Changed.Order());
    }

    [Fact]
    public void Removing_an_extent_takes_it_out_of_changed_and_changing_it_again_takes_it_out_of_removed()
    {
        var result = new StepResult();
        result.MarkChanged(A);
        result.MarkRemoved(A);
        Assert.Empty(result.Changed);
        Assert.Equal([A], result.Removed);

        result.MarkChanged(A);
        Assert.Equal([A], result.Changed);
        Assert.Empty(result.Removed);

        var many = new StepResult();
        many.MarkChanged(A);
        many.MarkChanged(B);
        many.MarkRemoved(B);
        Assert.Equal([A], many.Changed);
    }

    [Fact]
    public void The_only_changed_extent_is_read_without_the_set_and_agrees_with_it()
    {
        var one = new StepResult();
        Assert.False(one.TryGetOnlyChanged(out _));
        one.MarkChanged(A);
        one.MarkChanged(A);
        Assert.True(one.TryGetOnlyChanged(out var only));
        Assert.Equal(A, only);
        Assert.Equal([A], one.Changed);

        var removedAgain = new StepResult();
        removedAgain.MarkChanged(A);
        removedAgain.MarkRemoved(A);
        Assert.False(removedAgain.TryGetOnlyChanged(out _));
        Assert.Empty(removedAgain.Changed);

        var two = new StepResult();
        two.MarkChanged(A);
        two.MarkChanged(B);
        Assert.False(two.TryGetOnlyChanged(out _));
        two.MarkRemoved(B);
        // Once the set exists it is the only record of the changes.
        Assert.False(two.TryGetOnlyChanged(out _));
        Assert.Equal([A], two.Changed);
    }

    [Fact]
    public void Has_removed_tells_whether_an_extent_was_removed_and_is_cleared_with_the_result()
    {
        var result = new StepResult();
        Assert.False(result.HasRemoved);
        result.MarkRemoved(A);
        Assert.True(result.HasRemoved);
        result.MarkChanged(A);
        Assert.False(result.HasRemoved);
        result.MarkRemoved(B);
        result.Clear();
        Assert.False(result.HasRemoved);
        Assert.False(result.TryGetOnlyChanged(out _));
    }

    [Fact]
    public void An_empty_result_has_nothing_and_has_fired_nothing()
    {
        var result = new StepResult();
        Assert.False(result.HasFirings);
        Assert.False(result.HasLate);
        Assert.False(result.HasRejected);
        Assert.Empty(result.Firings);
        Assert.Empty(result.Late);
        Assert.Empty(result.Rejected);
        Assert.Empty(result.Changed);
        Assert.Empty(result.Removed);
        Assert.Equal(0, result.Applied);
    }

    [Fact]
    public void A_reused_result_reports_only_the_latest_step()
    {
        var machine = Machine(Job(Fixed(10), OnSegments(2)));
        var state = machine.NewState();
        var reused = new StepResult();

        machine.Apply(state, GroupKey.None, [.. TestSegments.At(1, 2), TestSegments.Of("{}")], 0, null, reused);
        Assert.True(reused.HasFirings);
        Assert.True(reused.HasRejected);
        Assert.Single(reused.Rejected);
        Assert.Equal(2, reused.Applied);

        var returned = machine.Apply(state, GroupKey.None, TestSegments.At(15), 0, null, reused);
        Assert.Same(reused, returned);
        Assert.False(reused.HasFirings);
        Assert.False(reused.HasRejected);
        Assert.Empty(reused.Rejected);
        Assert.Equal(1, reused.Applied);
        Assert.Equal([new ExtentKey(0, 1)], reused.Changed);
    }
}
