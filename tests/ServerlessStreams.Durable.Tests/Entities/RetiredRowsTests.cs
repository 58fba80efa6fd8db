using System.Text.Json.Nodes;
using ServerlessStreams.Durable.Entities;
using ServerlessStreams.Durable.Storage;
using ServerlessStreams.Durable.Storage.Faults;
using ServerlessStreams.Durable.Storage.Memory;
using ServerlessStreams.Segments;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Durable.Tests.Entities;

/// <summary>
/// A step can end more extents than one transaction can delete (a watermark jump past the allowed lateness of many
/// extents): the commit deletes what fits, lists the rest as retired in its meta row, and further transactions delete
/// them. Retired rows are never read back as state.
/// </summary>
public abstract class RetiredRowsContract
{
    internal abstract Task<IWindowEntityStore> CreateStoreAsync();

    private const int Minutes = 150;
    private static readonly GroupKey User = GroupKey.From(JsonValue.Create("u0"));
    private static readonly long TwoDaysMs = (long)TimeSpan.FromDays(2).TotalMilliseconds;

    /// <summary>Minute counts that a watermark trigger delivers, after which each may be pruned a day after its end.</summary>
    private static readonly JobSpec Job = ApplierJobs.Counting() with
    {
        Triggers = [new TriggerSpec { Id = "closed", WindowId = "per-minute", On = TriggerKind.Watermark }],
    };

    /// <summary>One click of user u0 in each of <paramref name="minutes"/> minutes from <paramref name="fromMs"/>: as many extent rows.</summary>
    private static List<KeyedInput> ClickPerMinute(long firstOffset, long fromMs, int minutes) =>
        ApplierJobs.Keyed(ApplierJobs.Stage(Job), Enumerable.Range(0, minutes).Select(minute => new Segment
        {
            Id = SegmentId.FromSource(ApplierJobs.Topic, 0, firstOffset + minute),
            Payload = new JsonObject { ["user"] = "u0", ["time"] = fromMs + minute * ApplierJobs.MinuteMs + 1 },
            Source = new SourceCoordinates(ApplierJobs.Topic, 0, firstOffset + minute),
        }));

    private static async Task<EntitySnapshot> LoadAsync(IWindowEntityStore store) =>
        await store.LoadAsync(EntityKey.Of("clicks", "count-clicks", User), [], default);

    [Fact]
    public async Task A_tick_that_ends_more_extents_than_a_transaction_holds_deletes_them_all_in_further_transactions()
    {
        var job = Job;
        var store = await CreateStoreAsync();
        var applier = new EntityApplier(job.Name, ApplierJobs.Stage(job), store, TimeProvider.System);
        await applier.ApplyAsync(ClickPerMinute(0, 0, Minutes), null, default);
        Assert.Equal(Minutes, (await LoadAsync(store)).Extents.Count);

        // Two days on, every extent is past its allowed lateness (a day): one step fires and ends all 150.
        var tick = await applier.TickAsync(User, Minutes * ApplierJobs.MinuteMs + TwoDaysMs, default);

        var snapshot = await LoadAsync(store);
        Assert.Empty(snapshot.Extents);
        Assert.DoesNotContain("retired", snapshot.Meta!.Data);
        Assert.True(tick.Transactions >= 2, $"150 deletes need at least 2 more transactions, took {tick.Transactions}");
        Assert.Empty(await StoredCounts.ReadAsync(job, store));
    }

    [Fact]
    public async Task Rows_left_retired_by_a_failure_are_not_counted_and_the_next_commit_deletes_them()
    {
        var job = Job;
        var faulty = new FaultInjectingWindowEntityStore(await CreateStoreAsync());
        var applier = new EntityApplier(job.Name, ApplierJobs.Stage(job), faulty, TimeProvider.System);
        await applier.ApplyAsync(ClickPerMinute(0, 0, Minutes), null, default);
        var commits = 0;
        // The tick's own commit goes through; the first one that deletes only retired rows fails.
        faulty.CommitPolicy = (_, _) => Interlocked.Increment(ref commits) == 2 ? CommitFault.BeforeCommit : CommitFault.None;

        await Assert.ThrowsAsync<InjectedStoreFaultException>(() =>
            applier.TickAsync(User, Minutes * ApplierJobs.MinuteMs + TwoDaysMs, default));
        var halfway = await LoadAsync(faulty);
        Assert.NotEmpty(halfway.Extents);
        Assert.Contains("retired", halfway.Meta!.Data);
        Assert.Empty(await StoredCounts.ReadAsync(job, faulty));

        faulty.CommitPolicy = null;
        var later = ClickPerMinute(Minutes, Minutes * ApplierJobs.MinuteMs + TwoDaysMs, 1);
        await applier.ApplyAsync(later, null, default);

        var snapshot = await LoadAsync(faulty);
        Assert.Single(snapshot.Extents);
        Assert.DoesNotContain("retired", snapshot.Meta!.Data);
        Assert.Equal(new Dictionary<(string, long), long> { [("u0", Minutes + TwoDaysMs / ApplierJobs.MinuteMs)] = 1 },
            await StoredCounts.ReadAsync(job, faulty));
    }
}

public sealed class RetiredRowsInMemoryTests : RetiredRowsContract
{
    internal override Task<IWindowEntityStore> CreateStoreAsync() => Task.FromResult<IWindowEntityStore>(new InMemoryWindowEntityStore());
}

[Collection(Azurite.AzuriteCollection.Name)]
public sealed class RetiredRowsAzuriteTests(Azurite.AzuriteFixture azurite) : RetiredRowsContract
{
    internal override Task<IWindowEntityStore> CreateStoreAsync() => azurite.NewWindowStoreAsync("retired");
}
