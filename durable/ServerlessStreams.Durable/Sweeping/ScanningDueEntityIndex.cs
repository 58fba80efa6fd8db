using System.Globalization;
using System.Runtime.CompilerServices;
using ServerlessStreams.Durable.Entities;
using ServerlessStreams.Durable.Storage;

namespace ServerlessStreams.Durable.Sweeping;

/// <summary>
/// Due entities for any store, by reading every entity's meta row: right for the in-process store, where a read
/// costs nothing; the Table store has <see cref="TableDueEntityIndex"/>, which filters on the server.
/// </summary>
internal sealed class ScanningDueEntityIndex(IWindowEntityStore store) : IDueEntityIndex
{
    public async IAsyncEnumerable<EntityKey> DueAsync(string job, string task, double now, double? watermark,
        [EnumeratorCancellation] CancellationToken ct)
    {
        var keys = new List<EntityKey>();
        await foreach (var key in store.ListEntitiesAsync(job, ct))
            if (key.Task == task) keys.Add(key);
        foreach (var key in keys)
        {
            var snapshot = await store.LoadAsync(key, [], ct);
            if (snapshot.Meta is not { } meta) continue;
            if (Due(meta.Properties, EntityApplier.DueTimerProperty) <= now ||
                (watermark is { } wm && Due(meta.Properties, EntityApplier.DueWatermarkProperty) <= wm))
                yield return key;
        }
    }

    private static double Due(IReadOnlyDictionary<string, object> properties, string name) =>
        properties.TryGetValue(name, out var value) ? Convert.ToDouble(value, CultureInfo.InvariantCulture) : EntityApplier.NeverDue;
}
