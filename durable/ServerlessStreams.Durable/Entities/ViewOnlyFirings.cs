using System.Collections.Frozen;
using ServerlessStreams.Engine;
using ServerlessStreams.Segments;

namespace ServerlessStreams.Durable.Entities;

/// <summary>
/// The triggers of a task whose firings only Table views receive. A view keeps the newest firing of each extent, so of
/// such firings only the newest of each extent needs delivering: a commit keeps no older one pending for a
/// redelivery, and a <c>fireAllExtents</c> trigger that fires every few segments no longer stores each extent's state
/// once per firing in the meta row.
/// </summary>
internal sealed class ViewOnlyFirings(CompiledTask task)
{
    private readonly FrozenSet<(string Window, string Trigger)> _triggers = task.Triggers
        .Where(t => t.Spec.Sync is { Table: not null, Topic: null, Callback: null })
        .Select(t => (t.Spec.WindowId, t.Spec.Id))
        .ToFrozenSet();

    /// <summary><paramref name="firings"/> in order, without a view-only firing a later one of the same extent supersedes.</summary>
    public IReadOnlyList<Firing> Newest(List<Firing> firings)
    {
        if (_triggers.Count == 0 || firings.Count < 2) return firings;
        var last = new Dictionary<(string Window, string Trigger, GroupKey Key, long Extent), int>();
        for (var i = 0; i < firings.Count; i++)
        {
            var firing = firings[i];
            if (_triggers.Contains((firing.WindowId, firing.TriggerId))) last[ExtentOf(firing)] = i;
        }
        if (last.Count == 0) return firings;
        var kept = new List<Firing>(firings.Count);
        for (var i = 0; i < firings.Count; i++)
        {
            var firing = firings[i];
            if (!last.TryGetValue(ExtentOf(firing), out var newest) || newest == i) kept.Add(firing);
        }
        return kept;
    }

    private static (string, string, GroupKey, long) ExtentOf(Firing firing) => (firing.WindowId, firing.TriggerId, firing.GroupKey, firing.ExtentId);
}
