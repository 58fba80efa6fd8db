using ServerlessStreams.Durable.Storage;
using ServerlessStreams.Durable.Storage.Faults;
using ServerlessStreams.Durable.Storage.Memory;
using ServerlessStreams.Durable.Storage.Rows;

namespace ServerlessStreams.Durable.Tests.Storage.Faults;

public sealed class FaultInjectingWindowEntityStoreTests
{
    private static readonly EntityKey Key = new("job", "task", "\"k\"");
    private readonly InMemoryWindowEntityStore _inner = new();
    private readonly FaultInjectingWindowEntityStore _store;

    public FaultInjectingWindowEntityStoreTests() => _store = new FaultInjectingWindowEntityStore(_inner);

    private static EntityChangeSet Create() => new(null, "m") { NewDedupeRows = [new DedupeRow("s1", DateTimeOffset.UnixEpoch)] };

    [Fact]
    public async Task A_fault_before_the_commit_applies_nothing()
    {
        _store.FailNextCommit(CommitFault.BeforeCommit);

        var error = await Assert.ThrowsAsync<InjectedStoreFaultException>(() => _store.CommitAsync(Key, Create(), CancellationToken.None));

        Assert.Equal(CommitFault.BeforeCommit, error.Fault);
        Assert.False((await _inner.LoadAsync(Key, [], CancellationToken.None)).Exists);
        Assert.Equal(1, _store.InjectedFaults);
    }

    [Fact]
    public async Task A_fault_after_the_commit_fails_the_caller_though_the_change_landed()
    {
        _store.FailNextCommit(CommitFault.AfterCommit);

        var error = await Assert.ThrowsAsync<InjectedStoreFaultException>(() => _store.CommitAsync(Key, Create(), CancellationToken.None));

        Assert.Equal(CommitFault.AfterCommit, error.Fault);
        Assert.Contains("after", error.Message, StringComparison.Ordinal);
        var snapshot = await _store.LoadAsync(Key, ["s1"], CancellationToken.None);
        Assert.True(snapshot.Exists);
        Assert.Contains("s1", snapshot.AppliedSegmentIds);
    }

    [Fact]
    public async Task Queued_faults_are_used_once_each_in_order_then_commits_pass()
    {
        _store.FailNextCommit(CommitFault.BeforeCommit);
        _store.FailNextCommit(CommitFault.AfterCommit);

        await Assert.ThrowsAsync<InjectedStoreFaultException>(() => _store.CommitAsync(Key, Create(), CancellationToken.None));
        await Assert.ThrowsAsync<InjectedStoreFaultException>(() => _store.CommitAsync(Key, Create(), CancellationToken.None));
        var etag = (await _store.LoadAsync(Key, [], CancellationToken.None)).MetaETag;
        var result = await _store.CommitAsync(Key, new EntityChangeSet(etag, "m2"), CancellationToken.None);

        Assert.Equal(result.MetaETag, (await _store.LoadAsync(Key, [], CancellationToken.None)).MetaETag);
        Assert.Equal(2, _store.InjectedFaults);
    }

    [Fact]
    public async Task A_policy_decides_when_nothing_is_queued()
    {
        _store.CommitPolicy = (_, changes) => changes.MetaData == "fail" ? CommitFault.BeforeCommit : CommitFault.None;

        await Assert.ThrowsAsync<InjectedStoreFaultException>(() => _store.CommitAsync(Key, new EntityChangeSet(null, "fail"), CancellationToken.None));
        await _store.CommitAsync(Key, new EntityChangeSet(null, "ok"), CancellationToken.None);

        Assert.Equal("ok", (await _store.LoadAsync(Key, [], CancellationToken.None)).Meta!.Data);
    }

    [Fact]
    public async Task Loads_can_fail_too_and_counters_are_the_inner_stores()
    {
        _store.FailNextLoad();

        await Assert.ThrowsAsync<InjectedStoreFaultException>(() => _store.LoadAsync(Key, [], CancellationToken.None));
        await _store.LoadAsync(Key, [], CancellationToken.None);

        Assert.Same(_inner.Counters, _store.Counters);
        Assert.Equal(1, _store.Counters.Snapshot().Loads);
    }
}
