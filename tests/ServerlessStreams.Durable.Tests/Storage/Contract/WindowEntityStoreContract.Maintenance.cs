using ServerlessStreams.Durable.Storage;

namespace ServerlessStreams.Durable.Tests.Storage.Contract;

public abstract partial class WindowEntityStoreContract
{
    [Fact]
    public async Task Pruning_removes_only_dedupe_rows_written_before_the_cutoff()
    {
        var key = NewKey();
        var etag = await Create(key);
        var old = Enumerable.Range(0, 250).Select(i => $"old/{i}").ToList();
        foreach (var chunk in old.Chunk(99))
        {
            etag = (await Commit(key, new EntityChangeSet(etag, "m")
            {
                NewDedupeRows = chunk.Select((id, i) => Dedupe(id, T0.AddSeconds(i))).ToList(),
            })).MetaETag;
        }
        var cutoff = T0.AddDays(1);
        string[] fresh = ["fresh/at-cutoff", "fresh/after"];
        await Commit(key, new EntityChangeSet(etag, "m")
        {
            Upserts = [Extent("w", 1, "kept")],
            NewDedupeRows = [Dedupe(fresh[0], cutoff), Dedupe(fresh[1], cutoff.AddTicks(1))],
        });
        var before = Store.Counters.Snapshot();

        var pruned = await Store.PruneDedupeRowsAsync(key, cutoff, Ct);
        var snapshot = await Load(key, [.. old, .. fresh]);
        var delta = Store.Counters.Snapshot() - before;

        Assert.Equal(250, pruned);
        Assert.Equal(fresh.ToHashSet(), snapshot.AppliedSegmentIds);
        Assert.Equal("kept", Assert.Single(snapshot.Extents).Data);
        Assert.Equal("m", snapshot.Meta!.Data);
        Assert.Equal(250, delta.RowsDeleted);
        Assert.Equal(3, delta.Transactions);
        Assert.Equal(0, await Store.PruneDedupeRowsAsync(key, cutoff, Ct));
    }

    [Fact]
    public async Task Pruning_an_entity_that_does_not_exist_removes_nothing()
    {
        Assert.Equal(0, await Store.PruneDedupeRowsAsync(NewKey(), T0, Ct));
    }

    [Fact]
    public async Task Listing_returns_the_jobs_entities_only()
    {
        var job = "job-" + Guid.NewGuid().ToString("N")[..12];
        var mine = new[] { "\"a\"", "\"b\"", "null" }.Select(g => new EntityKey(job, "t", g)).Append(new EntityKey(job, "t2", "\"a\"")).ToList();
        var other = new EntityKey(job + "x", "t", "\"a\"");
        foreach (var key in mine.Append(other))
        {
            await Create(key);
        }

        var listed = new List<EntityKey>();
        await foreach (var key in Store.ListEntitiesAsync(job, Ct))
        {
            listed.Add(key);
        }

        Assert.Equal(mine.ToHashSet(), listed.ToHashSet());
        Assert.Equal(mine.Count, listed.Count);
    }

    [Fact]
    public async Task Listing_a_job_without_entities_finds_none()
    {
        var listed = new List<EntityKey>();
        await foreach (var key in Store.ListEntitiesAsync("never-seen-" + Guid.NewGuid().ToString("N"), Ct))
        {
            listed.Add(key);
        }
        Assert.Empty(listed);
    }
}
