using ServerlessStreams.Durable.Entities;
using ServerlessStreams.Durable.Storage;
using ServerlessStreams.Durable.Storage.Memory;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Durable.Tests.Entities;

/// <summary>
/// Exactly once across an internal topic with no de-duplication row per segment: whatever the producers and consumers
/// of the internal partition do (<see cref="InternalTopicModel"/>: redelivered, cut-short and zombie producing batches,
/// redelivered and zombie consuming batches), the window entities count each input of each origin record once, by
/// their high-water positions per origin partition.
/// </summary>
public abstract class RepartitionedApplyContract
{
    private const int OriginPartitions = 3;

    internal abstract Task<IWindowEntityStore> CreateStoreAsync();

    protected async Task AssertExactAsync(int seed, int recordsPerPartition, string? uniquenessKey = null)
    {
        var job = ApplierJobs.Counting(uniquenessKey);
        var stage = ApplierJobs.Stage(job);
        var store = await CreateStoreAsync();
        var origins = Enumerable.Range(0, OriginPartitions)
            .Select(p => InternalTopicModel.Inputs(stage,
                ApplierJobs.Clicks(recordsPerPartition, users: 6, minutes: 3, partition: p, firstOffset: 100 * p, seed: seed * 10 + p), "internal/0"))
            .ToList<IReadOnlyList<KeyedInput>>();
        var model = new InternalTopicModel(seed);
        var queue = model.Produce(origins);
        var applier = new EntityApplier(job.Name, stage, store, TimeProvider.System);
        // A zombie consumer is another instance: an applier of its own.
        var zombie = new EntityApplier(job.Name, stage, store, TimeProvider.System);

        var batches = model.Consume(queue.Count);
        var seen = new HashSet<(int, int)>();
        foreach (var (start, end) in batches)
        {
            // A range applied before is a redelivery or a zombie's: the other applier takes it.
            var by = seen.Add((start, end)) ? applier : zombie;
            await by.ApplyAsync(queue.GetRange(start, end - start), null, default);
        }

        var expected = ApplierJobs.ExpectedCounts(origins.SelectMany(o => o).SelectMany(i => i.Output.Results));
        Assert.Equal(expected.OrderBy(p => p.Key), (await StoredCounts.ReadAsync(job, store)).OrderBy(p => p.Key));
        Assert.True(queue.Count > origins.Sum(o => o.Count), $"seed {seed}: the model produced no copies; it proves nothing");
        if (uniquenessKey is null) Assert.Empty(await DedupeRowsAsync(job, store, origins.SelectMany(o => o)));
    }

    /// <summary>The de-duplication rows the store holds for the inputs' ids.</summary>
    private static async Task<List<string>> DedupeRowsAsync(JobSpec job, IWindowEntityStore store, IEnumerable<KeyedInput> inputs)
    {
        var found = new List<string>();
        foreach (var key in inputs.GroupBy(i => i.Output.Key))
        {
            var snapshot = await store.LoadAsync(EntityKey.Of(job.Name, "count-clicks", key.Key), [.. key.Select(i => i.Output.DedupeId.Value)], default);
            found.AddRange(snapshot.AppliedSegmentIds);
        }
        return found;
    }

    [Fact]
    public async Task A_segment_through_the_internal_topic_is_counted_once_however_its_batches_were_produced_and_consumed()
    {
        foreach (var seed in Seeds) await AssertExactAsync(seed, recordsPerPartition: 40);
    }

    [Fact]
    public async Task With_a_uniqueness_key_its_rows_decide_and_the_counts_are_exact_too()
    {
        foreach (var seed in Seeds.Take(3)) await AssertExactAsync(seed, recordsPerPartition: 30, uniquenessKey: "clickId");
    }

    [Fact]
    public async Task Positions_decide_without_a_de_duplication_row()
    {
        var job = ApplierJobs.Counting();
        var stage = ApplierJobs.Stage(job);
        var store = await CreateStoreAsync();
        var inputs = InternalTopicModel.Inputs(stage, ApplierJobs.Clicks(60, users: 3, minutes: 1), "internal/0");
        var applier = new EntityApplier(job.Name, stage, store, TimeProvider.System);

        await applier.ApplyAsync(inputs, null, default);
        var again = await applier.ApplyAsync([.. inputs.Take(30), .. inputs], null, default);

        Assert.Equal(0, again.Applied);
        Assert.Equal(inputs.Count + 30, again.Duplicates);
        Assert.Empty(await DedupeRowsAsync(job, store, inputs));
        Assert.Equal(ApplierJobs.ExpectedCounts(inputs.SelectMany(i => i.Output.Results)), await StoredCounts.ReadAsync(job, store));
    }

    [Fact]
    public async Task With_a_uniqueness_key_a_redelivery_is_known_by_its_position_after_its_rows_have_expired()
    {
        // Found by the chaos run: with rows kept two minutes, a batch delivered again after a long stall counted twice.
        var job = ApplierJobs.Counting("clickId");
        var stage = ApplierJobs.Stage(job);
        var store = await CreateStoreAsync();
        var inputs = InternalTopicModel.Inputs(stage, ApplierJobs.Clicks(40, users: 3, minutes: 1), "internal/0");
        var applier = new EntityApplier(job.Name, stage, store, TimeProvider.System);
        await applier.ApplyAsync(inputs, null, default);

        await foreach (var key in store.ListEntitiesAsync(job.Name, default))
            await store.PruneDedupeRowsAsync(key, DateTimeOffset.UtcNow.AddDays(1), default);
        Assert.Empty(await DedupeRowsAsync(job, store, inputs));
        var again = await new EntityApplier(job.Name, stage, store, TimeProvider.System).ApplyAsync(inputs, null, default);

        Assert.Equal(0, again.Applied);
        Assert.Equal(inputs.Count, again.Duplicates);
        Assert.Equal(ApplierJobs.ExpectedCounts(inputs.SelectMany(i => i.Output.Results)), await StoredCounts.ReadAsync(job, store));
    }

    [Fact]
    public async Task A_later_position_first_in_a_batch_skips_the_earlier_copies_after_it_but_applies_what_is_new()
    {
        var job = ApplierJobs.Counting();
        var stage = ApplierJobs.Stage(job);
        var store = await CreateStoreAsync();
        var records = ApplierJobs.Clicks(12, users: 1, minutes: 1);
        var inputs = records.Select(r => KeyedInput.Repartitioned(r, stage.Process(r), 0, "internal/0")).ToList();
        var applier = new EntityApplier(job.Name, stage, store, TimeProvider.System);

        // A new owner's run 0..5, then a zombie's 0..8 in the same batch, then the new owner's 6..11.
        var result = await applier.ApplyAsync([.. inputs.Take(6), .. inputs.Take(9), .. inputs.Skip(6)], null, default);

        Assert.Equal(12, result.Applied);
        Assert.Equal(9, result.Duplicates);
        Assert.Equal(ApplierJobs.ExpectedCounts(records), await StoredCounts.ReadAsync(job, store));
    }

    protected abstract IEnumerable<int> Seeds { get; }
}

public sealed class RepartitionedApplyInMemoryTests : RepartitionedApplyContract
{
    protected override IEnumerable<int> Seeds => Enumerable.Range(1, 40);

    internal override Task<IWindowEntityStore> CreateStoreAsync() => Task.FromResult<IWindowEntityStore>(new InMemoryWindowEntityStore());
}

[Collection(Azurite.AzuriteCollection.Name)]
public sealed class RepartitionedApplyAzuriteTests(Azurite.AzuriteFixture azurite) : RepartitionedApplyContract
{
    protected override IEnumerable<int> Seeds => [1, 2, 3, 4];

    internal override Task<IWindowEntityStore> CreateStoreAsync() => azurite.NewWindowStoreAsync("repartitioned");
}
