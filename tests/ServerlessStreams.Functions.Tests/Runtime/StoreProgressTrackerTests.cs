using ServerlessStreams.Durable.Progress;
using ServerlessStreams.Functions.Runtime;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Functions.Tests.Runtime;

public class StoreProgressTrackerTests
{
    private static readonly JobSpec Job = new() { Name = "bench" };

    [Fact]
    public async Task No_partition_reports_until_its_topics_partitions_are_registered()
    {
        // Two invocations of different partitions see the topic first at once. Had the second reported while the
        // first was still asking the broker for the partitions, the watermark would be the second's own time and
        // the other partitions' records would all be late.
        var partitionCount = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var tracker = new StoreProgressTracker(Job, new InMemoryProgressStore(), TimeProvider.System, new GatedPartitions(partitionCount.Task));

        var first = tracker.ReportAsync("count", new Dictionary<(string, int), double> { [("events", 0)] = 1_000 }, default);
        var second = tracker.ReportAsync("count", new Dictionary<(string, int), double> { [("events", 1)] = 5_000 }, default);
        await Task.WhenAny(second, Task.Delay(TimeSpan.FromMilliseconds(200)));

        Assert.False(second.IsCompleted, "a partition reported before its topic's partitions were registered");
        Assert.Null(await tracker.WatermarkAsync("count", default));

        partitionCount.SetResult(3);
        await Task.WhenAll(first, second);
        Assert.Null(await tracker.WatermarkAsync("count", default)); // partition 2 has no data yet

        await tracker.ReportAsync("count", new Dictionary<(string, int), double> { [("events", 2)] = 3_000 }, default);
        Assert.Equal(1_000, await tracker.WatermarkAsync("count", default));
    }

    [Fact]
    public async Task A_failed_partition_lookup_is_tried_again_by_the_next_report()
    {
        var partitions = new FailingOncePartitions(count: 1);
        var tracker = new StoreProgressTracker(Job, new InMemoryProgressStore(), TimeProvider.System, partitions);
        var report = new Dictionary<(string, int), double> { [("events", 0)] = 1_000 };

        await Assert.ThrowsAsync<InvalidOperationException>(() => tracker.ReportAsync("count", report, default));
        await tracker.ReportAsync("count", report, default);

        Assert.Equal(2, partitions.Calls);
        Assert.Equal(1_000, await tracker.WatermarkAsync("count", default));
    }

    [Fact]
    public async Task A_repartitioned_task_reports_per_origin_partition_and_internal_partition_after_registering_every_lane()
    {
        var store = new InMemoryProgressStore();
        var partitions = new CountedPartitions(new Dictionary<string, int> { ["votes"] = 2, ["job-count-repartition"] = 2 });
        var tracker = new StoreProgressTracker(Job, store, TimeProvider.System, partitions);

        // Internal partition 0 has read origin partition 0 to 5 000 and origin partition 1 to 1 000: a record of
        // origin partition 0 still on its way through internal partition 1 holds the watermark back.
        await tracker.ReportRepartitionedAsync("count", "job-count-repartition",
            new Dictionary<(string, int, int), double> { [("votes", 0, 0)] = 5_000, [("votes", 1, 0)] = 1_000 }, default);

        Assert.Equal(["votes/0>0", "votes/0>1", "votes/1>0", "votes/1>1"], (await store.ReadAsync("bench", "count", default)).Select(p => p.Source));
        Assert.Null(await tracker.WatermarkAsync("count", default));
        await tracker.ReportRepartitionedAsync("count", "job-count-repartition",
            new Dictionary<(string, int, int), double> { [("votes", 0, 1)] = 4_000, [("votes", 1, 1)] = 3_000 }, default);
        Assert.Equal(1_000, await tracker.WatermarkAsync("count", default));
    }

    private sealed class CountedPartitions(Dictionary<string, int> counts) : ITopicPartitions
    {
        public Task<int> CountAsync(string topic, CancellationToken ct) => Task.FromResult(counts[topic]);
    }

    private sealed class GatedPartitions(Task<int> count) : ITopicPartitions
    {
        public Task<int> CountAsync(string topic, CancellationToken ct) => count;
    }

    private sealed class FailingOncePartitions(int count) : ITopicPartitions
    {
        public int Calls { get; private set; }

        public Task<int> CountAsync(string topic, CancellationToken ct) =>
            ++Calls == 1 ? Task.FromException<int>(new InvalidOperationException("broker unreachable")) : Task.FromResult(count);
    }
}
