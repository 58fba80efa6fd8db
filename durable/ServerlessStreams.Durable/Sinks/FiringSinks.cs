using ServerlessStreams.Engine;
using ServerlessStreams.Registry;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Durable.Sinks;

/// <summary>Produces a trigger's firings to a Kafka topic; the function app supplies it.</summary>
internal delegate Task TopicSink(string topic, IReadOnlyList<Firing> firings, CancellationToken ct);

/// <summary>
/// Delivers firings to what each trigger's <c>sync</c> names: a Table view or a registered callback here;
/// Kafka topics through <see cref="TopicSink"/>, supplied by the function app (the durable layer has no Kafka).
/// </summary>
internal sealed class FiringSinks(JobSpec job, JobRegistry registry, IViewStore views, TopicSink? topics = null)
{
    private readonly Dictionary<(string Window, string Trigger), TriggerSpec> _triggers =
        job.Triggers.ToDictionary(t => (t.WindowId, t.Id));

    private readonly Dictionary<string, WindowKeyKind> _keyKinds = job.Windows.ToDictionary(w => w.Id, w => w.KeyKind);

    private readonly HashSet<string> _sessionWindows = job.Windows.Where(w => w.Type == WindowType.Session).Select(w => w.Id).ToHashSet();

    public async Task DeliverAsync(IReadOnlyList<Firing> firings, CancellationToken ct)
    {
        foreach (var group in firings.GroupBy(f => (f.WindowId, f.TriggerId)))
        {
            if (!_triggers.TryGetValue(group.Key, out var trigger) || trigger.Sync is not { } sync) continue;
            var list = group.ToList();
            if (sync.Table is { } table)
            {
                var rows = ViewRows.FromNewest(list, _keyKinds);
                await views.WriteAsync(table, rows, ct);
                if (_sessionWindows.Contains(group.Key.WindowId)) await RemoveMergedSessionsAsync(table, rows, ct);
            }
            if (sync.Topic is { } topic)
            {
                if (topics is null) throw new InvalidOperationException($"trigger '{trigger.Id}' syncs to topic '{topic}' but no Kafka sink is configured");
                await topics(topic, list, ct);
            }
            if (sync.Callback is { } callback)
            {
                var deliver = registry.Callbacks[callback];
                foreach (var firing in list) await deliver(firing, ct);
            }
        }
    }

    /// <summary>
    /// A session that absorbed others is fired under its own extent; the rows of those it absorbed go, so a view never
    /// shows a segment in two sessions. Every firing of a session checks again, so a row written late goes too.
    /// </summary>
    private async Task RemoveMergedSessionsAsync(string table, IReadOnlyList<ViewRow> sessions, CancellationToken ct)
    {
        foreach (var key in sessions.GroupBy(s => s.GroupKey))
        {
            var stale = ViewRows.MergedInto(await views.ReadAsync(table, key.First().WindowId, key.Key, ct), [.. key]);
            if (stale.Count > 0) await views.RemoveAsync(table, stale, ct);
        }
    }
}
