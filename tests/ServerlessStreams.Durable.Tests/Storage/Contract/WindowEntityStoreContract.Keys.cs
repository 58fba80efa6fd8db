using ServerlessStreams.Durable.Storage;
using ServerlessStreams.Durable.Storage.Keys;

namespace ServerlessStreams.Durable.Tests.Storage.Contract;

public abstract partial class WindowEntityStoreContract
{
    [Fact]
    public async Task Hostile_group_keys_round_trip_to_their_own_entity_and_list_back()
    {
        var job = "job-" + Guid.NewGuid().ToString("N")[..12];
        var keys = HostileKeys.GroupKeys.Select(g => new EntityKey(job, "process-vote", g)).ToList();

        foreach (var key in keys)
        {
            await Commit(key, new EntityChangeSet(null, key.GroupKey) { Upserts = [Extent("w", 1, key.GroupKey)] });
        }

        foreach (var key in keys)
        {
            var snapshot = await Load(key);
            Assert.Equal(key.GroupKey, snapshot.Meta!.Data);
            Assert.Equal(key.GroupKey, Assert.Single(snapshot.Extents).Data);
        }
        var listed = new List<EntityKey>();
        await foreach (var key in Store.ListEntitiesAsync(job, Ct))
        {
            listed.Add(key);
        }
        Assert.Equal(keys.ToHashSet(), listed.ToHashSet());
        Assert.Equal(keys.Count, listed.Count);
    }

    [Fact]
    public async Task Hostile_job_and_task_names_round_trip()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var key = new EntityKey($"jo/b#?\\|{suffix}", "ta|sk/😀", "\"g\"");

        await Commit(key, new EntityChangeSet(null, "m"));

        Assert.Equal("m", (await Load(key)).Meta!.Data);
        var listed = new List<EntityKey>();
        await foreach (var listedKey in Store.ListEntitiesAsync(key.Job, Ct))
        {
            listed.Add(listedKey);
        }
        Assert.Equal([key], listed);
    }

    [Fact]
    public async Task Hostile_segment_ids_are_recorded_and_found()
    {
        var key = NewKey();
        var ids = HostileKeys.SegmentIds;
        await Commit(key, new EntityChangeSet(null, "m") { NewDedupeRows = ids.Select(id => Dedupe(id)).ToList() });

        var unseen = ids.Select(id => id + "-unseen").ToArray();
        var snapshot = await Load(key, [.. ids, .. unseen]);

        Assert.Equal(ids.ToHashSet(), snapshot.AppliedSegmentIds);
        Assert.Empty(snapshot.OtherRows);
        Assert.Empty(snapshot.Extents);
    }

    [Fact]
    public async Task Few_segment_ids_are_checked_exactly()
    {
        var key = NewKey();
        await Commit(key, new EntityChangeSet(null, "m") { NewDedupeRows = [Dedupe("votes/0/1"), Dedupe("votes/0/3"), Dedupe("votes/0/5")] });

        var snapshot = await Load(key, "votes/0/1", "votes/0/2", "votes/0/5", "votes/0/1");

        Assert.Equal(new HashSet<string> { "votes/0/1", "votes/0/5" }, snapshot.AppliedSegmentIds);
    }

    [Fact]
    public async Task Thousands_of_segment_ids_are_checked_in_one_load()
    {
        var key = NewKey();
        var etag = await Create(key);
        var stored = Enumerable.Range(0, 297).Select(i => $"votes/{i % 3}/{i * 7}").ToList();
        foreach (var chunk in stored.Chunk(99))
        {
            etag = (await Commit(key, new EntityChangeSet(etag, "m") { NewDedupeRows = chunk.Select(id => Dedupe(id)).ToList() })).MetaETag;
        }
        var asked = stored.Concat(Enumerable.Range(0, 4_703).Select(i => $"votes/{i % 3}/{i * 7 + 1}")).ToList();

        var snapshot = await Store.LoadAsync(key, asked, Ct);

        Assert.Equal(stored.ToHashSet(), snapshot.AppliedSegmentIds);
    }

    [Fact]
    public async Task Extents_load_in_window_then_numeric_order()
    {
        var key = NewKey();
        long[] ids = [long.MinValue, -1_000_000, -1, 0, 1, 9, 10, 1_000_000, long.MaxValue];
        var shuffled = ids.Reverse().Select(id => Extent("w", id, id.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList();

        await Commit(key, new EntityChangeSet(null, "m") { Upserts = shuffled });
        var snapshot = await Load(key);

        Assert.Equal(ids, snapshot.Extents.Select(e => RowKeys.ParseExtent(e.RowKey).ExtentId));
    }
}
