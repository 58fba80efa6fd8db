using ServerlessStreams.Engine;

namespace ServerlessStreams.Testing;

public sealed partial class JobTestDriver
{
    /// <summary>
    /// Completes the job, as it completes when its input ends: every trigger fires once more (event <c>completed</c>)
    /// for every live extent of every key, through the runtime (<see cref="Functions.Runtime.JobRuntime.CompleteAsync"/>).
    /// Returns those firings, which <see cref="Firings"/> lists too.
    /// </summary>
    public async Task<IReadOnlyList<Firing>> CompleteAsync(CancellationToken ct = default)
    {
        var firings = await Components.Runtime.CompleteAsync(ct);
        AddFirings(firings);
        return firings;
    }
}
