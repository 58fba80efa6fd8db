using ServerlessStreams.Durable.Storage;
using ServerlessStreams.Durable.Storage.Keys;
using ServerlessStreams.Durable.Storage.Rows;
using ServerlessStreams.Engine;
using System.Text.Json.Nodes;

namespace ServerlessStreams.Durable.Entities;

/// <summary>An entity read back into engine state, with what the store holds so a commit deletes only stored rows.</summary>
internal sealed class LoadedEntity
{
    public required EntityMeta Meta { get; set; }
    public required KeyState State { get; set; }
    public required HashSet<string> StoredExtentRows { get; set; }
    public string? ETag { get; set; }

    private int _claimed;

    /// <summary>Takes the entity for one apply; false while another apply holds it.</summary>
    public bool TryClaim() => Interlocked.CompareExchange(ref _claimed, 1, 0) == 0;

    public void Release() => Volatile.Write(ref _claimed, 0);

    /// <summary>Makes the entity match no stored ETag, so it is read again from the store.</summary>
    public void Forget() => ETag = null;

    /// <summary>
    /// The room the next chunk leaves for extent rows written or deleted: the most that recent commits changed, let go
    /// of by one row per commit. A chunk that outgrows its room costs a reload of the entity; room to spare costs only
    /// a few de-duplication rows per transaction.
    /// </summary>
    public int ExtentChangesGuess { get; set; } = 1;

    /// <summary>Firings of the chunks committed so far by the current apply; they stay pending together.</summary>
    public PendingFirings FiringsThisApply { get; set; } = PendingFirings.Empty;

    public static LoadedEntity From(EntitySnapshot snapshot, KeyStateCodec codec)
    {
        var meta = EntityMeta.Parse(snapshot.Meta?.Data);
        var state = codec.LoadMeta(meta.State);
        var stored = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in LiveExtentRows(snapshot, meta))
        {
            var extent = RowKeys.ParseExtent(row.RowKey);
            codec.LoadExtent(state, extent.WindowId, extent.ExtentId, JsonNode.Parse(row.Data)!);
            stored.Add(row.RowKey);
        }
        return new LoadedEntity { Meta = meta, State = state, StoredExtentRows = stored, ETag = snapshot.MetaETag };
    }

    /// <summary>The snapshot's extent rows but those its meta row lists as retired.</summary>
    public static IEnumerable<StoredRow> LiveExtentRows(EntitySnapshot snapshot, EntityMeta meta)
    {
        if (meta.Retired.Count == 0) return snapshot.Extents;
        var retired = new HashSet<string>(meta.Retired, StringComparer.Ordinal);
        return snapshot.Extents.Where(row => !retired.Contains(row.RowKey));
    }
}
