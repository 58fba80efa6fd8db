using ServerlessStreams.Durable.Leases;
using ServerlessStreams.Durable.Progress;
using ServerlessStreams.Durable.Storage;
using ServerlessStreams.Durable.Storage.Faults;
using ServerlessStreams.Durable.Storage.Memory;
using ServerlessStreams.Durable.Storage.Tables;
using ServerlessStreams.Durable.Sweeping;
using ServerlessStreams.Durable.Tests.Azurite;
using ServerlessStreams.Engine;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Durable.Tests.Sweeping;

/// <summary>The timer orchestration, with a clock that moves only when a test moves it.</summary>
public abstract class SweeperContract
{
    protected abstract SweeperRig Rig(JobSpec job);

    private static TimeSpan At(int minutes, int seconds) => new(0, minutes, seconds);

    private static IEnumerable<Firing> Of(IEnumerable<Firing> firings, string user, string trigger) =>
        firings.Where(f => f.GroupKey.Json == $"\"{user}\"" && f.TriggerId == trigger);

    [Fact]
    public async Task A_window_fires_by_watermark_with_no_new_record_for_its_key()
    {
        var rig = Rig(SweeperRig.Job_());
        await rig.SendAsync(0, ("alice", At(0, 10)));
        var bob = await rig.SendAsync(0, ("bob", At(2, 0)));
        Assert.Empty(Of(bob.Firings, "alice", "closed"));

        var report = await rig.NewSweeper().SweepAsync(default);

        var firing = Assert.Single(Of(report.Firings, "alice", "closed"));
        Assert.Equal(TriggerKind.Watermark, firing.Event.Kind);
        Assert.Equal(1L, firing.State!.GetValue<long>());
        var row = Assert.Single(await rig.Views.ReadAsync("PerMinute", "per-minute", "\"alice\"", default));
        Assert.Equal("1", row.State);
    }

    [Fact]
    public async Task An_idle_partition_stops_holding_the_watermark_back_after_the_idle_timeout()
    {
        var rig = Rig(SweeperRig.Job_());
        await rig.SendAsync(0, ("alice", At(0, 10)));
        await rig.SendAsync(1, ("bob", At(3, 0)));

        var held = await rig.NewSweeper().SweepAsync(default);
        Assert.Empty(Of(held.Firings, "alice", "closed"));
        Assert.Equal((SweeperRig.Start + At(0, 0)).ToUnixTimeMilliseconds(), held.Watermarks["count"]);

        rig.Clock.Advance(TimeSpan.FromSeconds(61));
        await rig.SendAsync(1, ("bob", At(3, 5)));
        var released = await rig.NewSweeper().SweepAsync(default);

        Assert.Equal((SweeperRig.Start + At(2, 55)).ToUnixTimeMilliseconds(), released.Watermarks["count"]);
        Assert.Single(Of(released.Firings, "alice", "closed"));
    }

    [Fact]
    public async Task A_timer_trigger_fires_every_period()
    {
        var rig = Rig(SweeperRig.Job_());
        await rig.SendAsync(0, ("alice", At(0, 10)));
        var sweeper = rig.NewSweeper();

        Assert.Empty(Of((await sweeper.SweepAsync(default)).Firings, "alice", "tick"));
        rig.Clock.Advance(TimeSpan.FromSeconds(5));
        var first = Assert.Single(Of((await sweeper.SweepAsync(default)).Firings, "alice", "tick"));
        rig.Clock.Advance(TimeSpan.FromSeconds(5));
        var second = Of((await sweeper.SweepAsync(default)).Firings, "alice", "tick").MaxBy(f => f.Version)!;

        Assert.Equal(TriggerKind.Timer, first.Event.Kind);
        Assert.True(second.Version > first.Version);
        Assert.Equal(1L, second.State!.GetValue<long>());
    }

    [Fact]
    public async Task Two_sweepers_racing_fire_each_due_extent_and_trigger_once()
    {
        var rig = Rig(SweeperRig.Job_());
        foreach (var user in new[] { "alice", "bob", "carol", "dave" }) await rig.SendAsync(0, (user, At(0, 10)));
        await rig.SendAsync(0, ("erin", At(2, 0)));

        // Separate lease providers: as if one sweeper's lease expired while it was still running.
        var reports = await Task.WhenAll(
            Task.Run(() => rig.NewSweeper(new InMemoryLeaseProvider(rig.Clock)).SweepAsync(default)),
            Task.Run(() => rig.NewSweeper(new InMemoryLeaseProvider(rig.Clock)).SweepAsync(default)));

        foreach (var user in new[] { "alice", "bob", "carol", "dave" })
        {
            var versions = reports.SelectMany(r => Of(r.Firings, user, "closed")).Select(f => f.Version).Distinct();
            Assert.Single(versions);
        }
    }

    [Fact]
    public async Task A_sweep_that_holds_no_lease_does_nothing()
    {
        var rig = Rig(SweeperRig.Job_());
        var leases = new InMemoryLeaseProvider(rig.Clock);
        await using var held = await leases.TryAcquireAsync("sweep/sweeper/0", TimeSpan.FromSeconds(30), default);

        var report = await rig.NewSweeper(leases).SweepAsync(default);

        Assert.False(report.Swept);
    }

    [Fact]
    public async Task A_crash_between_firing_and_delivery_loses_nothing_and_fires_nothing_twice()
    {
        var rig = Rig(SweeperRig.Job_());
        await rig.SendAsync(0, ("alice", At(0, 10)));
        await rig.SendAsync(0, ("bob", At(2, 0)));
        var faulty = new FaultInjectingWindowEntityStore(rig.Store);
        faulty.FailNextCommit(CommitFault.AfterCommit);

        await Assert.ThrowsAsync<InjectedStoreFaultException>(() => rig.NewSweeper(store: faulty).SweepAsync(default));
        Assert.Empty(await rig.Views.ReadAsync("PerMinute", "per-minute", "\"alice\"", default));

        var retry = await rig.NewSweeper().SweepAsync(default);
        var after = await rig.NewSweeper().SweepAsync(default);

        var delivered = Assert.Single(Of(retry.Firings, "alice", "closed"));
        Assert.Equal("1", Assert.Single(await rig.Views.ReadAsync("PerMinute", "per-minute", "\"alice\"", default)).State);
        Assert.DoesNotContain(Of(after.Firings, "alice", "closed"), f => f.Version != delivered.Version);
    }

    [Fact]
    public async Task Allowed_lateness_refires_a_correction_and_a_closed_extent_leaves_the_segment_to_the_global_window()
    {
        var rig = Rig(SweeperRig.Job_(allowedLateness: TimeSpan.FromSeconds(60)));
        await rig.SendAsync(0, ("alice", At(0, 10)));
        await rig.SendAsync(0, ("bob", At(2, 0)));
        await rig.NewSweeper().SweepAsync(default);

        // Watermark 1:50: the minute [0:00, 0:59] ends at 1:00 and takes segments until 1:00 + 60 s.
        var correction = await rig.SendAsync(0, ("alice", At(0, 55)));
        var refired = Assert.Single(Of(correction.Firings, "alice", "closed"));
        Assert.Equal(2L, refired.State!.GetValue<long>());
        Assert.Empty(correction.Late);

        // Watermark 2:50: that minute has closed (and is pruned by the sweep), but the global window never closes,
        // so a segment of it is not late: it counts in the total alone.
        await rig.SendAsync(0, ("bob", At(3, 0)));
        await rig.NewSweeper().SweepAsync(default);
        var behind = await rig.SendAsync(0, ("alice", At(0, 40)));
        Assert.Empty(behind.Late);
        Assert.Equal(1, behind.Applied);
        Assert.Empty(Of(behind.Firings, "alice", "closed"));
    }

    [Fact]
    public async Task An_idle_sweep_takes_no_lease_and_writes_nothing()
    {
        var rig = Rig(SweeperRig.Job_());
        await rig.SendAsync(0, ("alice", At(0, 10)));
        await rig.SendAsync(0, ("bob", At(2, 0)));
        var sweeper = rig.NewSweeper();
        await sweeper.SweepAsync(default);
        // Deliver what the first sweep fired, and let the timers of both keys pass.
        rig.Clock.Advance(TimeSpan.FromSeconds(5));
        await sweeper.SweepAsync(default);
        await sweeper.SweepAsync(default);
        var leases = new CountingLeases(new InMemoryLeaseProvider(rig.Clock));
        var idle = rig.NewSweeper(leases);
        await idle.SweepAsync(default); // prunes once: its first run
        var before = rig.Store.Counters.Snapshot();

        var report = await idle.SweepAsync(default);

        var counts = rig.Store.Counters.Snapshot() - before;
        Assert.True(report.Swept);
        Assert.Equal(0, report.EntitiesTicked);
        Assert.Equal(0, counts.Commits);
        Assert.Equal(1, leases.Acquired);
    }

    [Fact]
    public async Task Extents_past_their_end_and_allowed_lateness_are_pruned_after_their_watermark_firing()
    {
        var rig = Rig(SweeperRig.Job_(allowedLateness: TimeSpan.FromSeconds(30)));
        await rig.SendAsync(0, ("alice", At(0, 10)), ("alice", At(1, 10)));
        await rig.SendAsync(0, ("bob", At(5, 0)));
        var key = new EntityKey("sweep", "count", "\"alice\"");

        await rig.NewSweeper().SweepAsync(default);
        await rig.NewSweeper().SweepAsync(default);

        var extents = (await rig.Store.LoadAsync(key, [], default)).Extents.Select(e => e.RowKey).ToList();
        Assert.DoesNotContain(extents, r => r.StartsWith("x|per-minute|", StringComparison.Ordinal));
        Assert.Contains(extents, r => r.StartsWith("x|total|", StringComparison.Ordinal));
        Assert.Equal(2, (await rig.Views.ReadAsync("PerMinute", "per-minute", "\"alice\"", default)).Count);
    }

    private sealed class CountingLeases(ILeaseProvider inner) : ILeaseProvider
    {
        public int Acquired { get; private set; }

        public Task<IAsyncDisposable?> TryAcquireAsync(string name, TimeSpan duration, CancellationToken ct)
        {
            Acquired++;
            return inner.TryAcquireAsync(name, duration, ct);
        }
    }

    [Fact]
    public async Task Pruning_removes_only_expired_dedupe_rows()
    {
        var job = SweeperRig.Job_() with
        {
            Catalog = [SweeperRig.Job_().Catalog[0], SweeperRig.Job_().Catalog[1] with { UniquenessKey = "time" }],
        };
        var rig = Rig(job);
        await rig.SendAsync(0, ("alice", At(0, 1)), ("alice", At(0, 2)));
        rig.Clock.Advance(TimeSpan.FromDays(2));
        await rig.SendAsync(0, ("alice", At(0, 3)));

        var report = await rig.NewSweeper().SweepAsync(default);

        Assert.Equal(2, report.DedupeRowsPruned);
        var key = new EntityKey(job.Name, "count", "\"alice\"");
        var ids = new[] { At(0, 1), At(0, 2), At(0, 3) }.Select(t => (SweeperRig.Start + t).ToUnixTimeMilliseconds().ToString()).ToList();
        var snapshot = await rig.Store.LoadAsync(key, ids, default);
        Assert.Equal([ids[2]], snapshot.AppliedSegmentIds.Order().ToList());
    }
}

public sealed class SweeperInMemoryTests : SweeperContract
{
    protected override SweeperRig Rig(JobSpec job) => new(job, new InMemoryWindowEntityStore());
}

[Collection(AzuriteCollection.Name)]
public sealed class SweeperAzuriteTests(AzuriteFixture azurite) : SweeperContract
{
    protected override SweeperRig Rig(JobSpec job)
    {
        var service = new Azure.Data.Tables.TableServiceClient(azurite.ConnectionString);
        var store = TableWindowEntityStore.FromConnectionString(azurite.ConnectionString,
            new TableWindowEntityStoreOptions { TableName = "sweep" + Guid.NewGuid().ToString("N") });
        return new SweeperRig(job, store, new TableDueEntityIndex(service, store),
            new TableProgressStore(service, "progress" + Guid.NewGuid().ToString("N")));
    }
}
