using ServerlessStreams.Durable.Storage;
using ServerlessStreams.Durable.Storage.Keys;
using ServerlessStreams.Durable.Storage.Rows;

namespace ServerlessStreams.Durable.Tests.Storage.Contract;

/// <summary>
/// The rules every <see cref="IWindowEntityStore"/> keeps, run against each implementation by a derived
/// <c>…Tests</c> class that supplies a fresh, empty store per test.
/// </summary>
public abstract partial class WindowEntityStoreContract : IDisposable
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(2));

    internal abstract IWindowEntityStore Store { get; }

    /// <summary>Every store call is bounded so a hung store fails the test instead of the run.</summary>
    protected CancellationToken Ct => _timeout.Token;

    protected static readonly DateTimeOffset T0 = new(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);

    internal static EntityKey NewKey(string groupKey = "\"Alice\"", string? job = null) =>
        new(job ?? "job-" + Guid.NewGuid().ToString("N")[..12], "process-vote", groupKey);

    internal Task<EntitySnapshot> Load(EntityKey key, params string[] segmentIds) => Store.LoadAsync(key, segmentIds, Ct);

    internal Task<CommitResult> Commit(EntityKey key, EntityChangeSet changes) => Store.CommitAsync(key, changes, Ct);

    internal static EntityRow Extent(string window, long extentId, string data) => new(RowKeys.Extent(window, extentId), data);

    internal static DedupeRow Dedupe(string segmentId, DateTimeOffset? writtenAt = null) => new(segmentId, writtenAt ?? T0);

    /// <summary>Creates the entity with a meta payload and returns its ETag.</summary>
    internal async Task<string> Create(EntityKey key, string metaData = "{\"v\":1}") =>
        (await Commit(key, new EntityChangeSet(null, metaData))).MetaETag;

    public void Dispose()
    {
        _timeout.Dispose();
        GC.SuppressFinalize(this);
    }
}
