using ServerlessStreams.Durable.Entities;
using ServerlessStreams.Durable.Storage;
using ServerlessStreams.Durable.Storage.Faults;
using ServerlessStreams.Durable.Storage.Memory;
using ServerlessStreams.Durable.Storage.Tables;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Durable.Tests.Entities;

/// <summary>The applier's exactly-once guarantees, against a store the subclass provides.</summary>
public abstract class EntityApplierContract
{
    internal abstract Task<IWindowEntityStore> CreateStoreAsync();

    private static EntityApplier Applier(JobSpec job, IWindowEntityStore store) =>
        new(job.Name, ApplierJobs.Stage(job), store, TimeProvider.System);

    [Fact]
    public async Task Applied_counts_equal_the_expected_counts()
    {
        var job = ApplierJobs.Counting();
        var store = await CreateStoreAsync();
        var segments = ApplierJobs.Clicks(600, users: 20, minutes: 5);

        var result = await Applier(job, store).ApplyAsync(ApplierJobs.Keyed(ApplierJobs.Stage(job), segments), null, default);

        Assert.Equal(600, result.Applied);
        Assert.Equal(0, result.Duplicates);
        Assert.Equal(ApplierJobs.ExpectedCounts(segments), await StoredCounts.ReadAsync(job, store));
    }

    [Fact]
    public async Task A_redelivered_batch_changes_nothing()
    {
        var job = ApplierJobs.Counting();
        var store = await CreateStoreAsync();
        var segments = ApplierJobs.Clicks(300, users: 10, minutes: 3);
        var applier = Applier(job, store);
        var inputs = ApplierJobs.Keyed(ApplierJobs.Stage(job), segments);

        await applier.ApplyAsync(inputs, null, default);
        var again = await applier.ApplyAsync(inputs, null, default);

        Assert.Equal(0, again.Applied);
        Assert.Equal(300, again.Duplicates);
        Assert.Empty(again.Firings);
        Assert.Equal(ApplierJobs.ExpectedCounts(segments), await StoredCounts.ReadAsync(job, store));
    }

    [Fact]
    public async Task A_first_stage_without_uniqueness_key_commits_once_per_key_and_writes_no_dedupe_rows()
    {
        var job = ApplierJobs.Counting();
        var store = await CreateStoreAsync();
        var segments = ApplierJobs.Clicks(990, users: 10, minutes: 2);
        var before = store.Counters.Snapshot();

        var result = await Applier(job, store).ApplyAsync(ApplierJobs.Keyed(ApplierJobs.Stage(job), segments), null, default);
        var counts = store.Counters.Snapshot() - before;

        Assert.Equal(10, result.KeyBatches);
        Assert.Equal(10, result.Transactions);
        Assert.Equal(10, counts.Transactions);
        // meta + at most two minute extents per key: no row per segment.
        Assert.True(counts.RowsWritten <= 30, $"{counts.RowsWritten} rows written for 10 keys");
    }

    [Fact]
    public async Task A_uniqueness_key_skips_repeated_values_and_survives_redelivery()
    {
        var job = ApplierJobs.Counting(uniquenessKey: "clickId");
        var store = await CreateStoreAsync();
        var segments = ApplierJobs.Clicks(200, users: 5, minutes: 2);
        // The same clicks again at new offsets, as an upstream retry would produce them.
        var repeated = ApplierJobs.Clicks(200, users: 5, minutes: 2).Select((s, i) => s with
        {
            Id = Segments.SegmentId.FromSource(ApplierJobs.Topic, 0, 1000 + i),
            Source = new Segments.SourceCoordinates(ApplierJobs.Topic, 0, 1000 + i),
        });
        var stage = ApplierJobs.Stage(job);
        var applier = Applier(job, store);

        await applier.ApplyAsync(ApplierJobs.Keyed(stage, segments), null, default);
        var second = await applier.ApplyAsync(ApplierJobs.Keyed(stage, repeated), null, default);

        Assert.Equal(200, second.Duplicates);
        Assert.Equal(ApplierJobs.ExpectedCounts(segments), await StoredCounts.ReadAsync(job, store));
    }

    [Fact]
    public async Task A_new_record_repeating_a_uniqueness_value_delivers_no_firing_again_and_a_redelivery_does()
    {
        var job = ApplierJobs.Counting(uniquenessKey: "clickId");
        var store = await CreateStoreAsync();
        var stage = ApplierJobs.Stage(job);
        var applier = Applier(job, store);
        // 50 clicks of one user in one minute: the segment trigger (every 50) fires once.
        var clicks = ApplierJobs.Clicks(50, users: 1, minutes: 1);
        var first = await applier.ApplyAsync(ApplierJobs.Keyed(stage, clicks), null, default);
        Assert.NotEmpty(first.Firings);

        var repeat = clicks[0] with
        {
            Id = Segments.SegmentId.FromSource(ApplierJobs.Topic, 0, 1000),
            Source = new Segments.SourceCoordinates(ApplierJobs.Topic, 0, 1000),
        };
        var repeated = await applier.ApplyAsync(ApplierJobs.Keyed(stage, [repeat]), null, default);
        var redelivered = await applier.ApplyAsync(ApplierJobs.Keyed(stage, clicks), null, default);

        Assert.Equal(1, repeated.Duplicates);
        Assert.Empty(repeated.Firings);
        Assert.Equal(50, redelivered.Duplicates);
        Assert.Equal(first.Firings.Select(f => (f.TriggerId, f.Version)), redelivered.Firings.Select(f => (f.TriggerId, f.Version)));
    }

    [Fact]
    public async Task A_redelivery_delivers_again_only_the_newest_firing_of_an_extent_that_only_a_view_receives()
    {
        var (first, redelivered) = await FireThreeTimesAndRedeliverAsync(SyncSpec.ToTable("PerMinute"));

        Assert.Equal([1L, 2L, 3L], first.Firings.Select(f => f.Version));
        Assert.Equal([3L], redelivered.Firings.Select(f => f.Version));
    }

    [Fact]
    public async Task A_redelivery_delivers_every_firing_again_to_a_topic()
    {
        var (first, redelivered) = await FireThreeTimesAndRedeliverAsync(SyncSpec.ToTopic("per-minute-counts"));

        Assert.Equal([1L, 2L, 3L], first.Firings.Select(f => f.Version));
        Assert.Equal([1L, 2L, 3L], redelivered.Firings.Select(f => f.Version));
    }

    /// <summary>150 clicks of one user in one minute, so the segment trigger (every 50) fires one extent three times; then the same batch again.</summary>
    private async Task<(ApplyResult First, ApplyResult Redelivered)> FireThreeTimesAndRedeliverAsync(SyncSpec sync)
    {
        var job = ApplierJobs.Counting(sync: sync);
        var store = await CreateStoreAsync();
        var stage = ApplierJobs.Stage(job);
        var clicks = ApplierJobs.Clicks(150, users: 1, minutes: 1);
        var first = await Applier(job, store).ApplyAsync(ApplierJobs.Keyed(stage, clicks), null, default);
        // A new applier, as after a restart: it reads the pending firings from the stored meta row.
        var redelivered = await Applier(job, store).ApplyAsync(ApplierJobs.Keyed(stage, clicks), null, default);
        Assert.Equal(150, redelivered.Duplicates);
        return (first, redelivered);
    }

    [Fact]
    public async Task A_key_with_more_than_a_transaction_holds_commits_in_order_and_completely()
    {
        var job = ApplierJobs.Counting(uniquenessKey: "clickId");
        var store = await CreateStoreAsync();
        var segments = ApplierJobs.Clicks(450, users: 1, minutes: 3);

        var result = await Applier(job, store).ApplyAsync(ApplierJobs.Keyed(ApplierJobs.Stage(job), segments), null, default);

        Assert.True(result.Transactions >= 5, $"450 dedupe rows need at least 5 transactions, took {result.Transactions}");
        Assert.Equal(450, result.Applied);
        Assert.Equal(ApplierJobs.ExpectedCounts(segments), await StoredCounts.ReadAsync(job, store));
    }

    [Fact]
    public async Task Chunks_that_touch_several_extents_leave_room_for_them_and_are_not_built_twice()
    {
        var job = ApplierJobs.Counting(uniquenessKey: "clickId");
        var store = await CreateStoreAsync();
        // One key, ten minute extents: a chunk of 98 de-duplication rows and the meta row leaves no room for them.
        var segments = ApplierJobs.Clicks(900, users: 1, minutes: 10);
        var before = store.Counters.Snapshot();

        var result = await Applier(job, store).ApplyAsync(ApplierJobs.Keyed(ApplierJobs.Stage(job), segments), null, default);
        var counts = store.Counters.Snapshot() - before;

        // One load, then one more after the first chunk overflowed: the later chunks leave room for the extents the
        // last one changed, and a chunk that still overflows shrinks by what it is over, not by half.
        Assert.True(counts.Loads <= 2, $"{counts.Loads} loads");
        Assert.True(result.Transactions <= 11, $"{result.Transactions} transactions for 900 segments of one key");
        Assert.Equal(ApplierJobs.ExpectedCounts(segments), await StoredCounts.ReadAsync(job, store));
    }

    [Fact]
    public async Task Another_writer_between_two_chunks_loses_none_of_the_first_chunks_rejected_segments()
    {
        var job = ApplierJobs.Counting(uniquenessKey: "clickId");
        var faulty = new FaultInjectingWindowEntityStore(await CreateStoreAsync());
        // One key with 300 segments: several transactions. Three of the first chunk's cannot be placed (no time).
        var segments = ApplierJobs.Clicks(300, users: 1, minutes: 3);
        foreach (var i in new[] { 3, 10, 20 })
        {
            var payload = (System.Text.Json.Nodes.JsonObject)segments[i].Payload.DeepClone();
            payload.Remove("time");
            segments[i] = segments[i] with { Payload = payload };
        }
        var commits = 0;
        faulty.CommitPolicy = (_, _) => Interlocked.Increment(ref commits) == 2 ? CommitFault.AnotherWriterFirst : CommitFault.None;

        var result = await Applier(job, faulty).ApplyAsync(ApplierJobs.Keyed(ApplierJobs.Stage(job), segments), null, default);

        Assert.Equal(1, faulty.InjectedFaults);
        Assert.True(result.Conflicts >= 1, "the second chunk met the other writer");
        Assert.Equal(["c3", "c10", "c20"], result.Rejected.Select(r => r.Segment.Payload["clickId"]!.GetValue<string>()));
        Assert.Equal(297, result.Applied);
        Assert.Equal(ApplierJobs.ExpectedCounts(segments.Where(s => s.Payload["time"] is not null)), await StoredCounts.ReadAsync(job, faulty));
    }

    [Theory]
    [InlineData(nameof(CommitFault.BeforeCommit), 1)]
    [InlineData(nameof(CommitFault.AfterCommit), 1)]
    [InlineData(nameof(CommitFault.BeforeCommit), 3)]
    [InlineData(nameof(CommitFault.AfterCommit), 3)]
    public async Task A_failed_commit_followed_by_redelivery_counts_every_segment_once(string faultName, int failingCommit)
    {
        var fault = Enum.Parse<CommitFault>(faultName);
        var job = ApplierJobs.Counting(uniquenessKey: "clickId");
        var faulty = new FaultInjectingWindowEntityStore(await CreateStoreAsync());
        // One key with 300 segments: several ordered transactions, so commit 3 fails between transactions.
        var segments = ApplierJobs.Clicks(300, users: 1, minutes: 3);
        var inputs = ApplierJobs.Keyed(ApplierJobs.Stage(job), segments);
        var commits = 0;
        faulty.CommitPolicy = (_, changes) =>
            changes.ActionCount <= TableLimits.MaxActionsPerTransaction && Interlocked.Increment(ref commits) == failingCommit
                ? fault
                : CommitFault.None;
        var applier = Applier(job, faulty);

        await Assert.ThrowsAsync<InjectedStoreFaultException>(() => applier.ApplyAsync(inputs, null, default));
        faulty.CommitPolicy = null;
        await applier.ApplyAsync(inputs, null, default);

        Assert.Equal(ApplierJobs.ExpectedCounts(segments), await StoredCounts.ReadAsync(job, faulty));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Two_partitions_racing_on_the_same_keys_lose_no_update(bool oneApplier)
    {
        var job = ApplierJobs.Counting();
        var store = await CreateStoreAsync();
        // Two source partitions, the same keys. Two appliers stand for two instances, each owning a partition; one
        // applier for one instance given both partitions at once, as the trigger host delivers them, whose
        // decoded-state cache is then claimed by one apply at a time.
        var left = ApplierJobs.Clicks(400, users: 4, minutes: 2, partition: 0, seed: 1);
        var right = ApplierJobs.Clicks(400, users: 4, minutes: 2, partition: 1, seed: 2);
        var first = Applier(job, store);
        var second = oneApplier ? first : Applier(job, store);
        var stage = ApplierJobs.Stage(job);

        // Batches of one partition arrive in order, as a consumer delivers them; the partitions race each other.
        async Task ApplyInOrder(EntityApplier applier, List<Segments.Segment> partition)
        {
            for (var i = 0; i < partition.Count; i += 50)
                await applier.ApplyAsync(ApplierJobs.Keyed(stage, partition.Skip(i).Take(50)), null, default);
        }
        await Task.WhenAll(Task.Run(() => ApplyInOrder(first, left)), Task.Run(() => ApplyInOrder(second, right)));

        Assert.Equal(ApplierJobs.ExpectedCounts(left.Concat(right)), await StoredCounts.ReadAsync(job, store));
    }

    [Fact]
    public async Task A_segment_whose_state_cannot_be_stored_is_rejected_with_its_key_and_the_rest_commit()
    {
        var job = ApplierJobs.Counting(aggregation: AggregationSpec.Collect);
        var store = await CreateStoreAsync();
        var segments = ApplierJobs.Clicks(20, users: 2, minutes: 1);
        var huge = segments[0] with { Payload = (System.Text.Json.Nodes.JsonObject)segments[0].Payload.DeepClone() };
        huge.Payload["payload"] = new string('z', 1_200_000);
        segments[0] = huge;
        var hugeUser = huge.Payload["user"]!.GetValue<string>();

        var result = await Applier(job, store).ApplyAsync(ApplierJobs.Keyed(ApplierJobs.Stage(job), segments), null, default);

        var rejected = Assert.Single(result.Rejected);
        Assert.Contains($"\"{hugeUser}\"", rejected.Reason);
        Assert.Contains("count-clicks", rejected.Reason);
        Assert.Equal(19, result.Applied);
    }
}

public sealed class EntityApplierInMemoryTests : EntityApplierContract
{
    internal override Task<IWindowEntityStore> CreateStoreAsync() => Task.FromResult<IWindowEntityStore>(new InMemoryWindowEntityStore());
}

[Collection(Azurite.AzuriteCollection.Name)]
public sealed class EntityApplierAzuriteTests(Azurite.AzuriteFixture azurite) : EntityApplierContract
{
    internal override Task<IWindowEntityStore> CreateStoreAsync() => azurite.NewWindowStoreAsync("applier");
}
