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

    public async Task DeliverAsync(IReadOnlyList<Firing> firings, CancellationToken ct)
    {
        foreach (var group in firings.GroupBy(f => (f.WindowId, f.TriggerId)))
        {
            if (!_triggers.TryGetValue(group.Key, out var trigger) || trigger.Sync is not { } sync) continue;
            var list = group.ToList();
            if (sync.Table is { } table)
                await views.WriteAsync(table, list.Select(f => ViewRows.From(f, _keyKinds[f.WindowId])).ToList(), ct);
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
}
