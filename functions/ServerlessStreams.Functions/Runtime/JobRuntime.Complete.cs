using ServerlessStreams.Engine;
using ServerlessStreams.Segments;

namespace ServerlessStreams.Functions.Runtime;

internal sealed partial class JobRuntime
{
    /// <summary>
    /// Completes the job, as a job completes when its input ends (Onyx's job completion): every trigger of every
    /// windowed task fires once more (event <c>completed</c>) for every live extent of every key, task by task in
    /// catalog order and key by key in the store's order; the firings go to their sinks.
    /// </summary>
    public async Task<IReadOnlyList<Firing>> CompleteAsync(CancellationToken ct)
    {
        var firings = new List<Firing>();
        var keys = new List<Durable.Storage.EntityKey>();
        await foreach (var key in Services.Store.ListEntitiesAsync(Job.Name, ct)) keys.Add(key);
        foreach (var (task, applier) in _appliers)
        {
            if (!applier.Stage.Compiled.HasWindows) continue;
            var completed = new List<Firing>();
            foreach (var key in keys.Where(k => k.Task == task))
                completed.AddRange((await applier.CompleteAsync(new GroupKey(key.GroupKey), ct)).Firings);
            await _sinks.DeliverAsync(completed, ct);
            firings.AddRange(completed);
        }
        return firings;
    }
}
